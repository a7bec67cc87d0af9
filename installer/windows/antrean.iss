; Inno Setup 6 script: installs the PyInstaller bundle (dist\antrean, built on Windows from
; installer\pyinstaller\antrean.spec) with Start-menu entries per role and an autostart entry
; for the role chosen in the wizard. Build steps: installer\windows\README.md ("Installer").
; tests/packaging/test_file_lists.py checks that the executables and resource folders named
; below are those of the spec.

#define AppName "Antrean"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define BundleDir "..\..\dist\antrean"

[Setup]
AppId={{6E4C1A52-3F0B-4B7E-9D51-2A7E3A0B0001}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Antrean
DefaultDirName={autopf}\Antrean
DefaultGroupName=Antrean
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=antrean-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\antrean.exe

[Languages]
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
; Executables (the spec's EXECUTABLES)
Source: "{#BundleDir}\antrean.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\antreanw.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\antrean-hq.exe"; DestDir: "{app}"; Flags: ignoreversion
; Resource folders (the spec's DATA_DIRS, under _internal)
Source: "{#BundleDir}\_internal\resources\sounds\*"; DestDir: "{app}\_internal\resources\sounds"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\resources\locale\*"; DestDir: "{app}\_internal\resources\locale"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\resources\fonts\*"; DestDir: "{app}\_internal\resources\fonts"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\resources\images\*"; DestDir: "{app}\_internal\resources\images"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\app\storage\migrations\*"; DestDir: "{app}\_internal\app\storage\migrations"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\hq\migrations\*"; DestDir: "{app}\_internal\hq\migrations"; Flags: ignoreversion recursesubdirs
Source: "{#BundleDir}\_internal\hq\static\*"; DestDir: "{app}\_internal\hq\static"; Flags: ignoreversion recursesubdirs
; Everything else PyInstaller collected (Python, Qt, escpos capabilities.json, ...)
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Start-menu entries per role. The windows run antreanw.exe (the same program without a
; console window); kiosk and display run under their watchdog (restart after a crash).
; The counter entry opens the counter chosen in the wizard (one PC, one counter).
Name: "{group}\Antrean Kiosk"; Filename: "{app}\antreanw.exe"; Parameters: "kiosk"; WorkingDir: "{app}"
Name: "{group}\Antrean Loket (Counter)"; Filename: "{app}\antreanw.exe"; Parameters: "counter --counter {code:CounterNo}"; WorkingDir: "{app}"
Name: "{group}\Antrean Layar (Display)"; Filename: "{app}\antreanw.exe"; Parameters: "display"; WorkingDir: "{app}"
Name: "{group}\Antrean Admin"; Filename: "{app}\antreanw.exe"; Parameters: "admin"; WorkingDir: "{app}"
Name: "{group}\Antrean Doctor"; Filename: "{cmd}"; Parameters: "/k ""{app}\antrean.exe"" doctor"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
; Autostart for the chosen role (wizard page below), in the common Startup folder
Name: "{commonstartup}\Antrean {code:RoleTitle}"; Filename: "{app}\antreanw.exe"; Parameters: "{code:RoleArgs}"; WorkingDir: "{app}"; Check: AutostartWanted
; A counter PC also starts the command server (button boxes and scripts answer fast); the
; kiosk's and the display's watchdog start theirs beside the window.
Name: "{commonstartup}\Antrean Server Perintah"; Filename: "{app}\antreanw.exe"; Parameters: "serve-commands"; WorkingDir: "{app}"; Check: CommandServerWanted

[Run]
; No `antrean init` here: [Run] entries without postinstall run with Setup's elevated
; credentials (runascurrentuser is their default), so a database made here would land in the
; installing administrator's %LOCALAPPDATA%, not in the data folder of the user who signs in
; at this PC, and it would have no admin. The hall is created on the first start instead, in
; that user's own data folder: Antrean Admin's first-run wizard (the hall, the first admin,
; the kiosk PIN), or the kiosk/display window, which creates the database when it has none.
; The one entry below is offered on the last page, unticked, and runs as the user who started
; Setup (runasoriginaluser, not elevated): the admin window, whose wizard sets the hall up.
Filename: "{app}\antreanw.exe"; Parameters: "admin"; WorkingDir: "{app}"; Description: "Buka Antrean Admin (penyiapan pertama) / open Antrean Admin (first-run set-up)"; Flags: postinstall nowait skipifsilent unchecked runasoriginaluser

[Code]
{ Firewall note for PostgreSQL LAN halls: the installer opens no port. On the PC that runs
  PostgreSQL only, open TCP 5432 for the hall's LAN, e.g. (PowerShell as administrator):
    New-NetFirewallRule -DisplayName "PostgreSQL (Antrean hall LAN)" -Direction Inbound
      -Protocol TCP -LocalPort 5432 -RemoteAddress LocalSubnet -Action Allow -Profile Private
  The kiosk/counter/display PCs need no inbound rule. A LAN hall sets [database] url in each
  PC's antrean.toml after installing (docs/technician.md, section 2): the installer writes no
  settings and creates no database, so one PC and LAN install alike. }
var
  RolePage: TInputOptionWizardPage;
  CounterPage: TInputQueryWizardPage;

procedure InitializeWizard;
begin
  RolePage := CreateInputOptionPage(wpSelectDir,
    'Peran PC ini / This PC''s role',
    'Apa yang dijalankan otomatis saat Windows masuk? / What starts at sign-in?',
    'Pilih satu. / Choose one.', True, False);
  RolePage.Add('Kiosk (ambil nomor / ticket kiosk)');
  RolePage.Add('Loket (counter window; nomor di halaman berikut / number on the next page)');
  RolePage.Add('Layar ruang tunggu (lobby display)');
  RolePage.Add('Tidak ada / none (admin or HQ PC)');
  RolePage.SelectedValueIndex := 3;
  CounterPage := CreateInputQueryPage(RolePage.ID,
    'Nomor loket / Counter number',
    'Loket mana yang dilayani di PC ini? / Which counter does this PC serve?',
    'Menu Start dan autostart membuka loket ini. / The Start menu and autostart open this counter.');
  CounterPage.Add('Nomor loket / counter number (1-99):', False);
  CounterPage.Values[0] := GetPreviousData('Counter', '1');  { an upgrade keeps it }
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  SetPreviousData(PreviousDataKey, 'Counter', CounterNo(''));
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  { The counter number is asked only when this PC is a counter. }
  Result := (PageID = CounterPage.ID) and (RolePage.SelectedValueIndex <> 1);
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  N: Integer;
begin
  Result := True;
  if CurPageID = CounterPage.ID then
  begin
    N := StrToIntDef(Trim(CounterPage.Values[0]), 0);
    if (N < 1) or (N > 99) then
    begin
      MsgBox('Isi nomor loket 1-99. / Enter a counter number from 1 to 99.', mbError, MB_OK);
      Result := False;
    end;
  end;
end;

function CounterNo(Param: String): String;
begin
  Result := IntToStr(StrToIntDef(Trim(CounterPage.Values[0]), 1));
end;

function AutostartWanted: Boolean;
begin
  Result := RolePage.SelectedValueIndex < 3;
end;

function CommandServerWanted: Boolean;
begin
  Result := RolePage.SelectedValueIndex = 1;
end;

function RoleArgs(Param: String): String;
begin
  case RolePage.SelectedValueIndex of
    0: Result := 'kiosk';
    1: Result := 'counter --counter ' + CounterNo('');
    2: Result := 'display';
  else
    Result := '';
  end;
end;

function RoleTitle(Param: String): String;
begin
  case RolePage.SelectedValueIndex of
    0: Result := 'Kiosk';
    1: Result := 'Loket ' + CounterNo('');
    2: Result := 'Layar';
  else
    Result := '';
  end;
end;
