<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../../ui/admin/window.py" line="58"/>
        <source>Antrean — Administrasi</source>
        <translation>Antrean — Administration</translation>
    </message>
    <message>
        <location filename="../../ui/admin/window.py" line="60"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/admin/window.py" line="61"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/admin/window.py" line="62"/>
        <source>petugas loket</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../../ui/admin/window.py" line="69"/>
        <source>Keluar</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="29"/>
        <source>semua pengguna</source>
        <translation>all users</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="31"/>
        <source>semua tindakan</source>
        <translation>all actions</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="34"/>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="35"/>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="38"/>
        <source>Dari</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="39"/>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="40"/>
        <location filename="../../ui/admin/audit_page.py" line="51"/>
        <source>Pengguna</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="41"/>
        <location filename="../../ui/admin/audit_page.py" line="54"/>
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="50"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="52"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="53"/>
        <source>PC</source>
        <translation>PC</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="55"/>
        <source>Sasaran</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="56"/>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="67"/>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="114"/>
        <source>{0} catatan.</source>
        <translation>{0} entries.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="118"/>
        <source>Ekspor audit</source>
        <translation>Export audit</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="118"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="128"/>
        <source>Tidak bisa menulis {0}: {1}</source>
        <translation>Cannot write {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/audit_page.py" line="130"/>
        <source>{0} catatan diekspor ke {1}.</source>
        <translation>{0} entries exported to {1}.</translation>
    </message>
</context>
<context>
    <name>CountersPage</name>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="214"/>
        <location filename="../../ui/admin/setup_pages.py" line="249"/>
        <source>Loket</source>
        <translation>Counters</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="215"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="216"/>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="217"/>
        <source>Layanan</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="218"/>
        <source>Rasio</source>
        <translation>Ratio</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="224"/>
        <source>kosong: rasio aula</source>
        <translation>empty: the hall&apos;s ratio</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="226"/>
        <source>Simpan loket</source>
        <translation>Save counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="227"/>
        <source>Loket baru</source>
        <translation>New counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="228"/>
        <source>Loket terpilih</source>
        <translation>Selected counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="230"/>
        <source>Tombol tanpa petugas boleh melayani loket ini</source>
        <translation>An unattended button box may serve this counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="231"/>
        <source>Nomor loket</source>
        <translation>Counter number</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="232"/>
        <source>Nama loket</source>
        <translation>Counter name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="233"/>
        <source>Rasio prioritas sendiri (P:R)</source>
        <translation>Own priority ratio (P:R)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="234"/>
        <source>Layanan yang dilayani (urut panggil)</source>
        <translation>Services served (calling order)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="275"/>
        <source>buka</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="276"/>
        <source>istirahat</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="277"/>
        <source>tutup</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="287"/>
        <source>ikut aula</source>
        <translation>hall&apos;s</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="324"/>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="331"/>
        <source>Nomor loket harus angka.</source>
        <translation>The counter number must be a number.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="338"/>
        <source>Loket {0} disimpan.</source>
        <translation>Counter {0} saved.</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="43"/>
        <source>Pilih logo…</source>
        <translation>Choose logo…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="44"/>
        <source>Simpan identitas</source>
        <translation>Save identity</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="45"/>
        <source>Aula ini</source>
        <translation>This hall</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="47"/>
        <source>Nama aula</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="48"/>
        <source>Subjudul</source>
        <translation>Subtitle</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="49"/>
        <source>Subjudul (Inggris)</source>
        <translation>Subtitle (English)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="50"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="51"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="52"/>
        <source>Awal hari layanan (JJ:MM)</source>
        <translation>Business day starts (HH:MM)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="53"/>
        <source>Rasio prioritas (P:R)</source>
        <translation>Priority ratio (P:R)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="54"/>
        <source>Peringatan bila menunggu lebih dari</source>
        <translation>Alert when more are waiting than</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="55"/>
        <source>Kaki tiket (satu baris per baris)</source>
        <translation>Ticket footer (one line per line)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="56"/>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="64"/>
        <source>Identitas aula</source>
        <translation>Hall identity</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="108"/>
        <source>Identitas aula disimpan.</source>
        <translation>Hall identity saved.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="113"/>
        <source>Logo aula</source>
        <translation>Hall logo</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="113"/>
        <source>Gambar (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Images (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="122"/>
        <source>Berkas tidak bisa dibaca: {0}</source>
        <translation>Cannot read the file: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="128"/>
        <source>Logo disimpan.</source>
        <translation>Logo saved.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../ui/admin/base.py" line="183"/>
        <source>Terjadi kesalahan tak terduga; rinciannya ada di log.</source>
        <translation>Something unexpected went wrong; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="36"/>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="37"/>
        <source>Serial (COM)</source>
        <translation>Serial (COM)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="38"/>
        <source>Jaringan (LAN)</source>
        <translation>Network (LAN)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="39"/>
        <source>Berkas perangkat</source>
        <translation>Device file</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="40"/>
        <source>Printer Windows</source>
        <translation>Windows printer</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="41"/>
        <source>Pratinjau (tanpa printer)</source>
        <translation>Preview (no printer)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="48"/>
        <source>Pakai</source>
        <translation>Use</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="52"/>
        <source>{0} mm</source>
        <translation>{0} mm</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="53"/>
        <source>Simpan printer</source>
        <translation>Save printer</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="54"/>
        <source>Cetak tiket uji</source>
        <translation>Print a test ticket</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="55"/>
        <source>Printer tiket di PC ini</source>
        <translation>Ticket printer on this PC</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="57"/>
        <source>Sambungan</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="58"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="59"/>
        <source>Port yang ditemukan</source>
        <translation>Ports found</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="60"/>
        <source>URI printer</source>
        <translation>Printer URI</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="61"/>
        <source>Lebar kertas</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="73"/>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="109"/>
        <source>Printer disimpan untuk PC ini.</source>
        <translation>Printer saved for this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="114"/>
        <source>Mencetak tiket uji…</source>
        <translation>Printing a test ticket…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="117"/>
        <source>Tiket uji terkirim ke printer.</source>
        <translation>Test ticket sent to the printer.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="97"/>
        <source>Hari</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="98"/>
        <source>Minggu</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="99"/>
        <source>Bulan</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="100"/>
        <source>Rentang</source>
        <translation>Range</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="112"/>
        <source>semua layanan</source>
        <translation>all services</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="113"/>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="117"/>
        <source>Ekspor XLSX…</source>
        <translation>Export XLSX…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="118"/>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="119"/>
        <source>Ekspor PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="124"/>
        <source>Periode</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="125"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="126"/>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="127"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="145"/>
        <source>Per layanan</source>
        <translation>Per service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="146"/>
        <source>Per hari</source>
        <translation>Per day</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="147"/>
        <source>Per jam</source>
        <translation>Per hour</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="148"/>
        <source>Peta jam</source>
        <translation>Hour map</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="149"/>
        <source>Per loket</source>
        <translation>Per counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="150"/>
        <source>Per petugas</source>
        <translation>Per clerk</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="166"/>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="212"/>
        <source>{0}: {1} tiket diambil, {2} dilayani.</source>
        <translation>{0}: {1} tickets issued, {2} served.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="222"/>
        <source>Laporan aula</source>
        <translation>Hall report</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="233"/>
        <source>Ekspor laporan</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <location filename="../../ui/admin/reports_page.py" line="247"/>
        <source>Laporan diekspor ke {0}.</source>
        <translation>Report exported to {0}.</translation>
    </message>
</context>
<context>
    <name>RunningTextPage</name>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="137"/>
        <source>Simpan teks berjalan</source>
        <translation>Save running text</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="138"/>
        <source>Teks yang berjalan di layar ruang tunggu</source>
        <translation>Text running along the lobby display</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="140"/>
        <source>Dalam bahasa Indonesia</source>
        <translation>In Indonesian</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="141"/>
        <source>Bahasa Inggris (kosong: sama)</source>
        <translation>English (empty: the same)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="148"/>
        <source>Teks berjalan</source>
        <translation>Running text</translation>
    </message>
    <message>
        <location filename="../../ui/admin/hall_pages.py" line="165"/>
        <source>Teks berjalan disimpan.</source>
        <translation>Running text saved.</translation>
    </message>
</context>
<context>
    <name>ServicesPage</name>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="43"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="44"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="45"/>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="46"/>
        <source>Jam layanan</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="47"/>
        <source>Kuota</source>
        <translation>Quota</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="48"/>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="49"/>
        <source>Warna</source>
        <translation>Colour</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="59"/>
        <source>#RRGGBB, kosong: bawaan</source>
        <translation>#RRGGBB, empty: default</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="63"/>
        <source>Aktif (kios memberi nomor)</source>
        <translation>Active (the kiosk issues tickets)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="65"/>
        <source>JJ:MM, kosong: sepanjang hari</source>
        <translation>HH:MM, empty: all day</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="67"/>
        <source>JJ:MM, batas ambil nomor</source>
        <translation>HH:MM, last ticket</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="69"/>
        <source>kosong: tanpa kuota</source>
        <translation>empty: no quota</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="72"/>
        <source>Layanan terpilih</source>
        <translation>Selected service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="74"/>
        <source>Kode (A–Z)</source>
        <translation>Code (A–Z)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="75"/>
        <source>Nama (Indonesia)</source>
        <translation>Name (Indonesian)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="76"/>
        <source>Nama (Inggris)</source>
        <translation>Name (English)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="77"/>
        <source>Keterangan (Indonesia)</source>
        <translation>Description (Indonesian)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="78"/>
        <source>Keterangan (Inggris)</source>
        <translation>Description (English)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="79"/>
        <source>Warna tombol kios</source>
        <translation>Kiosk button colour</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="81"/>
        <source>Buka</source>
        <translation>Opens</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="82"/>
        <source>Tutup</source>
        <translation>Closes</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="83"/>
        <source>Kuota harian</source>
        <translation>Daily quota</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="84"/>
        <source>Target tunggu (menit)</source>
        <translation>Target wait (minutes)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="85"/>
        <source>Lama layanan (menit)</source>
        <translation>Service time (minutes)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="86"/>
        <source>Layanan baru</source>
        <translation>New service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="87"/>
        <source>Simpan layanan</source>
        <translation>Save service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="98"/>
        <source>Layanan</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="111"/>
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="111"/>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="114"/>
        <source>{0} mnt</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="131"/>
        <source>sepanjang hari</source>
        <translation>all day</translation>
    </message>
    <message>
        <location filename="../../ui/admin/setup_pages.py" line="203"/>
        <source>Layanan {0} disimpan.</source>
        <translation>Service {0} saved.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/admin/wizard.py" line="96"/>
        <source>Antrean — penyiapan aula baru</source>
        <translation>Antrean — setting up a new hall</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="104"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="105"/>
        <location filename="../../ui/admin/wizard.py" line="243"/>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="130"/>
        <source>Aula</source>
        <translation>Hall</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="131"/>
        <source>Layanan</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="132"/>
        <source>Loket</source>
        <translation>Counters</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="133"/>
        <source>Admin pertama dan PIN kios</source>
        <translation>First admin and kiosk PIN</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="134"/>
        <source>Printer tiket</source>
        <translation>Ticket printer</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="135"/>
        <source>Suara panggilan</source>
        <translation>Call voice</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="147"/>
        <source>mis. PTSP Polres Metro Contoh</source>
        <translation>e.g. PTSP Polres Metro Contoh</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="151"/>
        <source>Nama aula seperti tercetak di tiket dan tampil di layar.</source>
        <translation>The hall name as printed on tickets and shown on the displays.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="152"/>
        <source>Nama aula</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="153"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="169"/>
        <source>nama (Indonesia)</source>
        <translation>name (Indonesian)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="171"/>
        <source>nama (Inggris)</source>
        <translation>name (English)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="172"/>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="176"/>
        <source>Layanan dari templat kepolisian (hapus centang yang tidak ada):</source>
        <translation>Services from the police template (untick those this hall lacks):</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="182"/>
        <source>Layanan lain</source>
        <translation>Other service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="190"/>
        <source>Setiap loket melayani semua layanan di atas; ubah nanti di Loket.</source>
        <translation>Every counter serves all services above; change it later under Counters.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="192"/>
        <source>Jumlah loket</source>
        <translation>Number of counters</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="202"/>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="203"/>
        <source>Nama pengguna admin</source>
        <translation>Admin user name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="204"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="205"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="206"/>
        <source>PIN menu admin kios (4–8 angka)</source>
        <translation>Kiosk admin menu PIN (4–8 digits)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="208"/>
        <source>Setelah langkah ini aula dibuat dan admin masuk.</source>
        <translation>After this step the hall is created and the admin signed in.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="223"/>
        <source>Isi kode dan nama layanan.</source>
        <translation>Fill in the service code and name.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="235"/>
        <source>Langkah {0} dari {1}</source>
        <translation>Step {0} of {1}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="239"/>
        <source>Buat aula</source>
        <translation>Create the hall</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="241"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="284"/>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="288"/>
        <source>Membuat aula…</source>
        <translation>Creating the hall…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="308"/>
        <source>Aula dibuat. Atur printer dan suara PC ini, lalu uji.</source>
        <translation>Hall created. Set this PC&apos;s printer and voice, then test them.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/wizard.py" line="315"/>
        <source>Terjadi kesalahan tak terduga; rinciannya ada di log.</source>
        <translation>Something unexpected went wrong; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/admin/signin.py" line="19"/>
        <source>Antrean — masuk administrasi</source>
        <translation>Antrean — administration sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="21"/>
        <source>Masuk sebagai supervisor atau admin</source>
        <translation>Sign in as a supervisor or admin</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="25"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="28"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="35"/>
        <location filename="../../ui/admin/signin.py" line="57"/>
        <source>Masuk</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="49"/>
        <source>Isi nama pengguna dan kata sandi.</source>
        <translation>Fill in the user name and password.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="57"/>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/signin.py" line="77"/>
        <source>Akun petugas loket tidak bisa membuka jendela administrasi. Masuk sebagai supervisor atau admin.</source>
        <translation>A clerk&apos;s account cannot open the administration window. Sign in as a supervisor or admin.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/app.py" line="77"/>
        <source>Tidak bisa memeriksa akun; rinciannya ada di log.</source>
        <translation>Cannot check the account; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>SpeechPage</name>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="126"/>
        <source>espeak-ng</source>
        <translation>espeak-ng</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="127"/>
        <source>Suara sistem (SAPI5/pyttsx3)</source>
        <translation>System voice (SAPI5/pyttsx3)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="128"/>
        <source>Rekaman suara</source>
        <translation>Recorded clips</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="129"/>
        <source>Tanpa suara</source>
        <translation>No voice</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="130"/>
        <source>per angka (A nol nol lima)</source>
        <translation>digit by digit (A zero zero five)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="131"/>
        <source>bilangan (A lima)</source>
        <translation>as a number (A five)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="132"/>
        <source>Indonesia</source>
        <translation>Indonesian</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="133"/>
        <source>Inggris</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="146"/>
        <source>Bunyi bel sebelum panggilan</source>
        <translation>Chime before each call</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="148"/>
        <source>0–100 (%)</source>
        <translation>0–100 (%)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="150"/>
        <source>Simpan suara</source>
        <translation>Save voice</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="151"/>
        <source>Uji panggilan</source>
        <translation>Test call</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="154"/>
        <source>Suara panggilan di PC ini</source>
        <translation>Call voice on this PC</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="156"/>
        <source>Mesin suara</source>
        <translation>Speech engine</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="157"/>
        <source>Bahasa suara</source>
        <translation>Voice language</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="158"/>
        <source>Cara membaca nomor</source>
        <translation>How numbers are read</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="159"/>
        <source>Ulangi panggilan (kali)</source>
        <translation>Repeat each call (times)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="161"/>
        <source>Volume pengeras suara (%)</source>
        <translation>Speaker volume (%)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="162"/>
        <source>Folder rekaman (mesin rekaman)</source>
        <translation>Clips folder (recorded clips engine)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="171"/>
        <source>Suara</source>
        <translation>Voice</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="208"/>
        <source>Suara disimpan untuk PC ini.</source>
        <translation>Voice saved for this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="213"/>
        <source>Memutar panggilan uji…</source>
        <translation>Playing a test call…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="221"/>
        <source>Panggilan uji diputar.</source>
        <translation>Test call played.</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <location filename="../../ui/admin/supervision.py" line="37"/>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="38"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="39"/>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="40"/>
        <location filename="../../ui/admin/supervision.py" line="81"/>
        <source>Nomor</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="41"/>
        <source>Sejak</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="42"/>
        <source>Petugas</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="43"/>
        <location filename="../../ui/admin/supervision.py" line="49"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="48"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="50"/>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="51"/>
        <source>Terlama</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="52"/>
        <source>Perkiraan</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="53"/>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="54"/>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="66"/>
        <source>Cetak ulang di printer PC ini</source>
        <translation>Reprint on this PC&apos;s printer</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="71"/>
        <source>Tutup paksa loket terpilih</source>
        <translation>Force-close the selected counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="72"/>
        <source>Tutup hari layanan</source>
        <translation>Close the business day</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="77"/>
        <source>Pindahkan</source>
        <translation>Move</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="78"/>
        <source>Pindahkan nomor yang menunggu</source>
        <translation>Move a waiting ticket</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="82"/>
        <source>ke layanan</source>
        <translation>to service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="83"/>
        <source>loket</source>
        <translation>counter</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="111"/>
        <source>Pengawasan</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="163"/>
        <source>buka</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="164"/>
        <source>istirahat</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="165"/>
        <source>tutup</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="191"/>
        <location filename="../../ui/admin/supervision.py" line="270"/>
        <source>{0} mnt</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="205"/>
        <source>Tiket gagal dicetak: {0}</source>
        <translation>Tickets whose print failed: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="207"/>
        <source>Tidak ada tiket yang gagal dicetak.</source>
        <translation>No failed prints.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="224"/>
        <source>Semua antrean dalam target.</source>
        <translation>Every queue is within its target.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="231"/>
        <source>Sinkronisasi pusat: belum pernah (belum diatur di PC ini).</source>
        <translation>HQ sync: never (not set up here).</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="233"/>
        <source>Sinkronisasi pusat: {0} data belum terkirim</source>
        <translation>HQ sync: {0} records not sent yet</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="235"/>
        <source>, terakhir berhasil {0}</source>
        <translation>, last success {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="239"/>
        <source>, {0} tertahan</source>
        <translation>, {0} held back</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="241"/>
        <source>, galat: {0}</source>
        <translation>, error: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="252"/>
        <source>(tetap)</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="257"/>
        <source>(loket mana saja)</source>
        <translation>(any counter)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="259"/>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="280"/>
        <source>Pilih layanan atau loket tujuan.</source>
        <translation>Choose a target service or counter.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="300"/>
        <source>{0} dicetak ulang di printer PC ini.</source>
        <translation>{0} reprinted on this PC&apos;s printer.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="303"/>
        <source>{0} tidak tercetak: {1}</source>
        <translation>{0} not printed: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="308"/>
        <source>{0} dipindahkan.</source>
        <translation>{0} moved.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="314"/>
        <source>Pilih dulu loket di tabel.</source>
        <translation>Select a counter in the table first.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="323"/>
        <source>Loket {0} ditutup.</source>
        <translation>Counter {0} closed.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="325"/>
        <source>{0} kembali ke depan antrean.</source>
        <translation>{0} is back at the front of its queue.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="334"/>
        <source>Tutup hari mengakhiri semua nomor yang masih terbuka dan menutup semua loket. Klik sekali lagi untuk melanjutkan.</source>
        <translation>Closing the day ends every open ticket and closes every counter. Click again to go ahead.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/supervision.py" line="348"/>
        <source>Hari ditutup; {0} nomor diakhiri.</source>
        <translation>Day closed; {0} tickets ended.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="235"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="236"/>
        <source>Sinkron sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="237"/>
        <source>Kirim statistik ke server pusat (HQ)</source>
        <translation>Send statistics to headquarters (HQ)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="239"/>
        <source>Alamat server pusat</source>
        <translation>HQ address</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="240"/>
        <source>ID aula</source>
        <translation>Hall id</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="241"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="243"/>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="250"/>
        <source>Sinkronisasi HQ</source>
        <translation>HQ sync</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="263"/>
        <source>Belum pernah tersinkron dari aula ini.</source>
        <translation>This hall has never synced.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="266"/>
        <source>{0} data belum terkirim; {1} tertahan.</source>
        <translation>{0} records not sent yet; {1} held back.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="268"/>
        <source>Terakhir berhasil: {0}.</source>
        <translation>Last success: {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="272"/>
        <source>Galat terakhir: {0}</source>
        <translation>Last error: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="289"/>
        <source>Pengaturan HQ disimpan untuk PC ini.</source>
        <translation>HQ settings saved for this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/device_pages.py" line="293"/>
        <source>Mengirim…</source>
        <translation>Sending…</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="18"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="19"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="20"/>
        <source>petugas loket</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="22"/>
        <location filename="../../ui/admin/users_page.py" line="35"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="22"/>
        <location filename="../../ui/admin/users_page.py" line="37"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="22"/>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="29"/>
        <source>Tambah pengguna</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="30"/>
        <source>Ubah peran</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="31"/>
        <source>Aktifkan / nonaktifkan</source>
        <translation>Activate / deactivate</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="32"/>
        <source>Ganti kata sandi</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="33"/>
        <source>Akun</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="36"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="43"/>
        <source>Simpan PIN kios</source>
        <translation>Save kiosk PIN</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="44"/>
        <source>PIN menu admin di kios</source>
        <translation>The kiosk&apos;s admin menu PIN</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="46"/>
        <source>PIN baru (4–8 angka)</source>
        <translation>New PIN (4–8 digits)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="62"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="76"/>
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="76"/>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="98"/>
        <source>Pengguna {0} ditambahkan.</source>
        <translation>User {0} added.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="106"/>
        <source>Peran {0} diubah.</source>
        <translation>{0}&apos;s role changed.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="116"/>
        <source>{0} diaktifkan.</source>
        <translation>{0} activated.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="116"/>
        <source>{0} dinonaktifkan.</source>
        <translation>{0} deactivated.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="126"/>
        <source>Kata sandi {0} diganti.</source>
        <translation>{0}&apos;s password changed.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="132"/>
        <source>PIN kios disimpan.</source>
        <translation>Kiosk PIN saved.</translation>
    </message>
</context>
</TS>
