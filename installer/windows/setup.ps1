<#
.SYNOPSIS
  Antrean on Windows: set up a .venv, then run the demo or install a shortcut for one role.

.DESCRIPTION
  Run from a PowerShell window in the repository folder:

    powershell -ExecutionPolicy Bypass -File installer\windows\setup.ps1            # setup + demo
    powershell -ExecutionPolicy Bypass -File installer\windows\setup.ps1 -Action setup
    powershell -ExecutionPolicy Bypass -File installer\windows\setup.ps1 -Action shortcut -Role kiosk
    powershell -ExecutionPolicy Bypass -File installer\windows\setup.ps1 -Action autostart -Role display
    powershell -ExecutionPolicy Bypass -File installer\windows\setup.ps1 -Action autostart -Role counter -Counter 3

  Needs Python 3.11 or newer from python.org (with the "py" launcher). Every step is skipped
  when already done. See installer\windows\README.md.
#>
[CmdletBinding()]
param(
    [ValidateSet('setup', 'demo', 'shortcut', 'autostart')]
    [string]$Action = 'demo',
    [ValidateSet('kiosk', 'counter', 'display')]
    [string]$Role = 'kiosk',
    [ValidateRange(1, 99)]
    [int]$Counter = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$Venv = Join-Path $Root '.venv'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
$VenvPythonW = Join-Path $Venv 'Scripts\pythonw.exe'
$Stamp = Join-Path $Venv '.antrean-install-stamp'
Set-Location $Root

function Write-Step([string]$Text) { Write-Host "`n==> $Text" -ForegroundColor Cyan }
function Write-Note([string]$Text) { Write-Host "    $Text" }

# Run a native program; stop with its exit code when it fails (PowerShell 5.1 does not).
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Exe $($Arguments -join ' ')' failed with exit code $LASTEXITCODE"
    }
}

function Test-PythonOk([string]$Exe, [string[]]$Prefix) {
    try {
        & $Exe @Prefix -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>$null | Out-Null
        return ($LASTEXITCODE -eq 0)
    } catch {
        return $false
    }
}

# The python.org installer puts "py" (the launcher) on PATH; "python" may be the Store stub.
function Find-Python {
    foreach ($version in @('-3.13', '-3.12', '-3.11')) {
        if ((Get-Command py -ErrorAction SilentlyContinue) -and (Test-PythonOk 'py' @($version))) {
            return @('py', $version)
        }
    }
    if ((Get-Command python -ErrorAction SilentlyContinue) -and (Test-PythonOk 'python' @())) {
        return @('python')
    }
    throw ("Python 3.11 or newer was not found. Install it from https://www.python.org/downloads/windows/ " +
        "(tick 'Add python.exe to PATH'; keep the 'py launcher'), open a new PowerShell window, run again.")
}

function New-Venv {
    Write-Step 'Python environment (.venv)'
    if ((Test-Path $VenvPython) -and (Test-PythonOk $VenvPython @())) {
        Write-Note ("present: " + (& $VenvPython --version))
        return
    }
    if (Test-Path $Venv) {
        Write-Note '.venv is broken or older than Python 3.11; recreating it'
        Remove-Item -Recurse -Force $Venv
    }
    $python = @(Find-Python)
    $exe = $python[0]
    $prefix = @($python | Select-Object -Skip 1)
    Write-Note ("creating with " + (& $exe @prefix --version))
    Invoke-Checked $exe ($prefix + @('-m', 'venv', $Venv))
}

function Install-App {
    Write-Step "Antrean (pip install -e .[postgres])"
    $hash = (Get-FileHash (Join-Path $Root 'pyproject.toml') -Algorithm SHA256).Hash
    $wanted = "$hash $(& $VenvPython --version)"
    $antreanExe = Join-Path $Venv 'Scripts\antrean.exe'
    if ((Test-Path $Stamp) -and ((Get-Content $Stamp -Raw).Trim() -eq $wanted) -and (Test-Path $antreanExe)) {
        Write-Note 'up to date (pyproject.toml unchanged since the last install)'
        return
    }
    if (Test-Path $Stamp) { Remove-Item $Stamp }
    Invoke-Checked $VenvPython @('-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
        '-e', '.[postgres]')
    # Windows-only printer back ends: the raw printer queue (win32:) needs pywin32, and
    # python-escpos' usb:// needs a libusb-1.0 DLL, which libusb-package ships.
    Invoke-Checked $VenvPython @('-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
        'pywin32', 'libusb-package')
    Set-Content -Path $Stamp -Value $wanted -Encoding ascii
    Write-Note 'installed'
}

function Get-RoleArguments {
    if ($Role -eq 'counter') { return @('counter', '--counter', "$Counter") }
    return @($Role)
}

# A shortcut that starts one role without a console window (pythonw runs the same entry
# point as antrean.exe).
function New-RoleShortcut([string]$Folder) {
    $roleArgs = Get-RoleArguments
    $title = if ($Role -eq 'counter') { "Antrean Loket $Counter" } else { "Antrean $Role" }
    $path = Join-Path $Folder "$title.lnk"
    $shell = New-Object -ComObject WScript.Shell
    $link = $shell.CreateShortcut($path)
    $link.TargetPath = $VenvPythonW
    $link.Arguments = '-c "from app.cli import main; raise SystemExit(main())" ' + ($roleArgs -join ' ')
    $link.WorkingDirectory = $Root
    $link.Description = "Antrean - $($roleArgs -join ' ')"
    $link.Save()
    Write-Note "created $path"
}

function Invoke-Setup {
    New-Venv
    Install-App
}

switch ($Action) {
    'setup' {
        Invoke-Setup
        Write-Step 'Setup done'
    }
    'demo' {
        Invoke-Setup
        Write-Step 'antrean demo'
        & (Join-Path $Venv 'Scripts\antrean.exe') demo
        exit $LASTEXITCODE
    }
    'shortcut' {
        Invoke-Setup
        Write-Step "Desktop shortcut for the $Role role"
        New-RoleShortcut ([Environment]::GetFolderPath('Desktop'))
    }
    'autostart' {
        Invoke-Setup
        Write-Step "Start the $Role role at sign-in (Startup folder)"
        New-RoleShortcut ([Environment]::GetFolderPath('Startup'))
    }
}
