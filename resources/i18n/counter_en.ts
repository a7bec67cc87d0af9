<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>CounterLayout</name>
    <message>
        <location filename="../../ui/counter/view.py" line="37"/>
        <source>Panggil berikutnya</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="38"/>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="39"/>
        <source>Mulai layani</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="40"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="41"/>
        <source>Lewati / tidak hadir</source>
        <translation>Skip / no-show</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="42"/>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="43"/>
        <source>Tunda</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="44"/>
        <source>Istirahat</source>
        <translation>Take a break</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="133"/>
        <source>Ganti petugas</source>
        <translation>Switch clerk</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="228"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="228"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="228"/>
        <source>Tunggu</source>
        <translation>Waited</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="199"/>
        <source>Pilih nomor di daftar untuk dipanggil</source>
        <translation>Select a number in the list to call it</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="203"/>
        <source>Ditunda di loket ini</source>
        <translation>On hold at this counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="207"/>
        <source>Ambil kembali</source>
        <translation>Take back</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../ui/counter/window.py" line="97"/>
        <source>Antrean — Loket {0}</source>
        <translation>Antrean — Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="109"/>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="110"/>
        <source>Petugas: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="111"/>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="137"/>
        <source>Terhubung kembali.</source>
        <translation>Connected again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="155"/>
        <source>Pilih dulu nomor di daftar tunggu.</source>
        <translation>Select a number in the waiting list first.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="216"/>
        <source>Tidak ada nomor yang ditunda di loket ini.</source>
        <translation>No number is on hold at this counter.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="259"/>
        <source>Selesaikan, tunda atau alihkan dulu {0} sebelum berganti petugas.</source>
        <translation>Finish, hold or transfer {0} before switching clerk.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="317"/>
        <source>Belum ada yang menunggu untuk loket {0}. Nomor baru akan muncul di daftar.</source>
        <translation>No one is waiting for counter {0} yet. New numbers will appear in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="326"/>
        <source>Terjadi kesalahan tak terduga; tercatat di log. ({0})</source>
        <translation>Something unexpected went wrong; it is in the log. ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="336"/>
        <source>{0} dipanggil ke loket {1}.</source>
        <translation>{0} called to counter {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="337"/>
        <source>{0} dipanggil (di luar urutan) ke loket {1}.</source>
        <translation>{0} called (out of turn) to counter {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="338"/>
        <source>{0} dipanggil ulang.</source>
        <translation>{0} called again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="339"/>
        <source>Mulai melayani {0}.</source>
        <translation>Serving {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="340"/>
        <source>{0} selesai.</source>
        <translation>{0} finished.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="341"/>
        <source>{0} dilewati.</source>
        <translation>{0} skipped as a no-show.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="343"/>
        <source>{0} dikembalikan ke antrean.</source>
        <translation>{0} put back in the queue.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="344"/>
        <source>{0} dialihkan; nomornya tetap.</source>
        <translation>{0} transferred; the number stays the same.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="345"/>
        <source>{0} ditunda.</source>
        <translation>{0} on hold.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="346"/>
        <source>{0} dilayani kembali.</source>
        <translation>Serving {0} again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="347"/>
        <source>Loket {1} istirahat.</source>
        <translation>Counter {1} on break.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="348"/>
        <source>Loket {1} buka kembali.</source>
        <translation>Counter {1} open again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="349"/>
        <source>Loket {1} dibuka.</source>
        <translation>Counter {1} opened.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="380"/>
        <source>Loket {0} sedang istirahat. Tekan F8 (Lanjut) untuk mulai memanggil.</source>
        <translation>Counter {0} is on a break. Press F8 (Resume) to start calling.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="383"/>
        <source>Loket {0} tutup. Tekan F8 untuk membuka loket.</source>
        <translation>Counter {0} is closed. Press F8 to open it.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="384"/>
        <source>Siap. Tekan F1 untuk memanggil nomor berikutnya.</source>
        <translation>Ready. Press F1 to call the next number.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="396"/>
        <source>Koneksi ke server terputus — mencoba lagi…</source>
        <translation>Connection to the server lost — retrying…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="423"/>
        <source>Panggil {0} sekarang (di luar urutan)</source>
        <translation>Call {0} now (out of turn)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="425"/>
        <source>Pilih nomor di daftar untuk dipanggil</source>
        <translation>Select a number in the list to call it</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="68"/>
        <source>Layanan: {0}</source>
        <translation>Services: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="79"/>
        <source>BUKA</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="80"/>
        <source>ISTIRAHAT</source>
        <translation>ON BREAK</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="81"/>
        <source>TUTUP</source>
        <translation>CLOSED</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="87"/>
        <source>Istirahat</source>
        <translation>Take a break</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="88"/>
        <source>Lanjut</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="89"/>
        <source>Buka loket</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="97"/>
        <source>TIDAK ADA NOMOR DI LOKET</source>
        <translation>NO NUMBER AT THE COUNTER</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="119"/>
        <source>Loket sedang istirahat · tekan F8 untuk lanjut</source>
        <translation>The counter is on a break · press F8 to resume</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="121"/>
        <source>Loket tutup · tekan F8 untuk membuka</source>
        <translation>The counter is closed · press F8 to open it</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="123"/>
        <source>Belum ada yang menunggu · nomor baru muncul otomatis</source>
        <translation>No one is waiting yet · new numbers appear by themselves</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="124"/>
        <source>{0} orang menunggu · tekan F1 untuk memanggil</source>
        <translation>{0} waiting · press F1 to call</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="142"/>
        <source>Daftar tunggu: {0}</source>
        <translation>Waiting: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="147"/>
        <source>Belum ada yang menunggu. Nomor baru akan muncul di sini.</source>
        <translation>No one is waiting yet. New numbers will appear here.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="159"/>
        <source>Tidak ada prioritas menunggu</source>
        <translation>No priority tickets waiting</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="164"/>
        <source>★ {0} prioritas menunggu: {1}</source>
        <translation>★ {0} priority waiting: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="104"/>
        <source>SEDANG DILAYANI</source>
        <translation>SERVING</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="106"/>
        <source>DIPANGGIL</source>
        <translation>CALLED</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="109"/>
        <source> · dipanggil ulang {0}×</source>
        <translation> · called again {0}×</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="134"/>
        <source>Waktu layanan</source>
        <translation>Service time</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="136"/>
        <source>Menunggu datang</source>
        <translation>Awaiting arrival</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="182"/>
        <location filename="../../ui/counter/render.py" line="227"/>
        <source>{0} mnt</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="192"/>
        <source>Prioritas (UU 25/2009)</source>
        <translation>Priority (Law 25/2009)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="229"/>
        <source>Hari ini di loket ini: {0} dilayani · rata-rata {1}</source>
        <translation>Today at this counter: {0} served · average {1}</translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="126"/>
        <source>Selesai dilayani</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="127"/>
        <source>Berkas belum lengkap</source>
        <translation>Documents incomplete</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="128"/>
        <source>Dirujuk ke unit lain</source>
        <translation>Referred to another unit</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="129"/>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="134"/>
        <source>Selesai — {0}</source>
        <translation>Finish — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="136"/>
        <source>Hasil layanan untuk {0}</source>
        <translation>How did the service for {0} end?</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="144"/>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="56"/>
        <source>Masuk — Loket {0}</source>
        <translation>Log in — Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="59"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="62"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="77"/>
        <location filename="../../ui/counter/dialogs.py" line="101"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="83"/>
        <source>Loket {0} — masuk petugas</source>
        <translation>Counter {0} — clerk login</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="93"/>
        <source>Isi nama pengguna dan kata sandi.</source>
        <translation>Enter the user name and the password.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="101"/>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/app.py" line="93"/>
        <source>Tidak bisa memeriksa akun; lihat log.</source>
        <translation>Cannot check the account; see the log.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/app.py" line="113"/>
        <source>{0} keluar. Loket {1} istirahat sampai petugas berikutnya masuk.</source>
        <translation>{0} logged out. Counter {1} is on a break until the next clerk logs in.</translation>
    </message>
</context>
<context>
    <name>NoShowDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="167"/>
        <source>Tidak hadir — {0}</source>
        <translation>No-show — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="169"/>
        <source>{0} tidak datang ke loket</source>
        <translation>{0} did not come to the counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="170"/>
        <source>1   Lewati (nomor ditutup)</source>
        <translation>1   Skip (the number is closed)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="178"/>
        <source>2   Kembalikan ke antrean setelah</source>
        <translation>2   Put back in the queue after</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="182"/>
        <source>nomor</source>
        <translation>numbers</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="183"/>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="219"/>
        <source>Alihkan — {0}</source>
        <translation>Transfer — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="222"/>
        <source>Layanan tetap ({0})</source>
        <translation>Same service ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="227"/>
        <source>Loket mana saja</source>
        <translation>Any counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="230"/>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="231"/>
        <source>Taruh di depan antrean (sesuai jam ambil nomor)</source>
        <translation>Put it ahead in the queue (by the time the number was taken)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="246"/>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="249"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="253"/>
        <source>Ke layanan</source>
        <translation>To service</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="254"/>
        <source>Ke loket</source>
        <translation>To counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="260"/>
        <source>Alihkan {0} (nomor tetap sama)</source>
        <translation>Transfer {0} (the number stays the same)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="280"/>
        <source>Pilih layanan atau loket tujuan.</source>
        <translation>Choose the service or counter to send it to.</translation>
    </message>
</context>
</TS>
