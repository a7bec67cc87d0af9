<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>AdminPanel</name>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="273"/>
        <source>Printer: {status}</source>
        <translation>Printer: {status}</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="277"/>
        <source>Jam: {status}</source>
        <translation>Clock: {status}</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="289"/>
        <source>Tidak ada tiket gagal cetak hari ini</source>
        <translation>No failed prints today</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="306"/>
        <source>Admin kios</source>
        <translation>Kiosk admin</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="307"/>
        <source>Tiket gagal cetak hari ini (sentuh untuk memilih):</source>
        <translation>Tickets that failed to print today (touch to select):</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="308"/>
        <source>Cetak ulang nomor ini</source>
        <translation>Reprint this number</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="309"/>
        <source>Keluar dari kios</source>
        <translation>Exit the kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="310"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="120"/>
        <source>Layar kembali ke awal dalam {n} detik</source>
        <translation>Returning to the start screen in {n} seconds</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="124"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="125"/>
        <source>Nomor antrean Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="135"/>
        <source>PRIORITAS</source>
        <translation>PRIORITY</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="138"/>
        <source>✓  Silakan ambil tiket Anda</source>
        <translation>✓  Please take your ticket</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/confirm_view.py" line="141"/>
        <source>⚠  Tiket tidak tercetak — catat/foto nomor Anda; petugas dapat mencetak ulang</source>
        <translation>⚠  Ticket not printed — note or photograph your number; staff can reprint it</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="212"/>
        <source>Maaf, nomor antrean belum dapat diberikan saat ini. Silakan coba lagi sebentar lagi atau hubungi petugas.</source>
        <translation>Sorry, a queue number cannot be given right now. Please try again in a moment or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="227"/>
        <source>Kertas tiket sedang habis — nomor Anda tetap muncul di layar; catat atau foto nomornya.</source>
        <translation>The ticket printer is out of paper — your number still appears on screen; note it down or take a photo.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="231"/>
        <source>Printer tiket sedang terbuka — nomor Anda tetap muncul di layar; catat atau foto nomornya.</source>
        <translation>The ticket printer is open — your number still appears on screen; note it down or take a photo.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="235"/>
        <source>Printer tiket sedang tidak menyala — nomor Anda tetap muncul di layar; catat atau foto nomornya.</source>
        <translation>The ticket printer is switched off — your number still appears on screen; note it down or take a photo.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="243"/>
        <source>Printer tiket sedang bermasalah — nomor Anda tetap muncul di layar; catat atau foto nomornya.</source>
        <translation>The ticket printer has a problem — your number still appears on screen; note it down or take a photo.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="344"/>
        <source>PIN kios belum diatur. Admin mengaturnya di jendela admin atau dengan perintah: antrean kiosk-pin --user NAMA</source>
        <translation>No kiosk PIN is set yet. An admin sets it in the admin window or with the command: antrean kiosk-pin --user NAME</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="358"/>
        <source>PIN tidak dapat diperiksa; lihat log.</source>
        <translation>The PIN could not be checked; see the log.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="385"/>
        <source>Nomor {n} sudah dicetak ulang.</source>
        <translation>Number {n} has been reprinted.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="409"/>
        <source>cocok</source>
        <translation>agrees</translation>
    </message>
</context>
<context>
    <name>Pager</name>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="70"/>
        <source>◀  Sebelumnya</source>
        <translation>◀  Previous</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="71"/>
        <source>Berikutnya  ▶</source>
        <translation>Next  ▶</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="73"/>
        <source>Halaman {page} dari {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="115"/>
        <source>Masukkan PIN administrator</source>
        <translation>Enter the administrator PIN</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="135"/>
        <source>PIN salah. Coba lagi.</source>
        <translation>Wrong PIN. Try again.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="156"/>
        <source>Admin kios</source>
        <translation>Kiosk admin</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="157"/>
        <source>Hapus</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="158"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin.py" line="159"/>
        <source>Masuk</source>
        <translation>Enter</translation>
    </message>
</context>
<context>
    <name>PriorityBar</name>
    <message>
        <location filename="../../ui/kiosk/widgets.py" line="52"/>
        <source>PRIORITAS AKTIF — sekarang pilih layanan</source>
        <translation>PRIORITY ON — now choose a service</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/widgets.py" line="53"/>
        <source>Prioritas: lansia, disabilitas, ibu hamil, anak</source>
        <translation>Priority: elderly, disabled, pregnant, children</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/widgets.py" line="57"/>
        <source>Sentuh lagi untuk membatalkan</source>
        <translation>Touch again to cancel</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/widgets.py" line="58"/>
        <source>Sentuh di sini, lalu pilih layanan</source>
        <translation>Touch here, then choose a service</translation>
    </message>
</context>
<context>
    <name>ServiceTile</name>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="85"/>
        <source>Tidak ada antrean</source>
        <translation>No queue</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="86"/>
        <source>{n} orang di depan Anda</source>
        <translation>{n} ahead of you</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="94"/>
        <source>PENUH</source>
        <translation>FULL</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="96"/>
        <source>BELUM BUKA</source>
        <translation>NOT OPEN YET</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="98"/>
        <source>ISTIRAHAT</source>
        <translation>ON A BREAK</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/tiles.py" line="99"/>
        <source>TUTUP</source>
        <translation>CLOSED</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="228"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="228"/>
        <source>Bahasa Indonesia</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/start_view.py" line="232"/>
        <source>Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean</source>
        <translation>Touch the service you need to take a queue number</translation>
    </message>
</context>
</TS>
