<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>CounterLayout</name>
    <message>
        <location filename="../../ui/counter/view.py" line="28"/>
        <source>Panggil berikutnya</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="29"/>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="30"/>
        <source>Mulai layani</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="31"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="32"/>
        <source>Lewati / tidak hadir</source>
        <translation>Skip / no-show</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="33"/>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="34"/>
        <source>Tunda</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="35"/>
        <source>Istirahat</source>
        <translation>Take a break</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="169"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="169"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="169"/>
        <source>Tunggu</source>
        <translation>Waited</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="178"/>
        <source>Pilih nomor di daftar untuk dipanggil</source>
        <translation>Select a number in the list to call it</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="184"/>
        <source>Ditunda di loket ini</source>
        <translation>On hold at this counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/view.py" line="188"/>
        <source>Ambil kembali</source>
        <translation>Take back</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../ui/counter/window.py" line="79"/>
        <source>Antrean — Loket {0}</source>
        <translation>Antrean — Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="91"/>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="92"/>
        <source>Petugas: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="93"/>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="118"/>
        <source>Terhubung kembali.</source>
        <translation>Connected again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="136"/>
        <source>Pilih dulu nomor di daftar tunggu.</source>
        <translation>Select a number in the waiting list first.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="197"/>
        <source>Tidak ada nomor yang ditunda di loket ini.</source>
        <translation>No number is on hold at this counter.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="257"/>
        <source>Terjadi kesalahan tak terduga; tercatat di log. ({0})</source>
        <translation>Something unexpected went wrong; it is in the log. ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="267"/>
        <source>{0} dipanggil ke loket {1}.</source>
        <translation>{0} called to counter {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="268"/>
        <source>{0} dipanggil (di luar urutan) ke loket {1}.</source>
        <translation>{0} called (out of turn) to counter {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="269"/>
        <source>{0} dipanggil ulang.</source>
        <translation>{0} called again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="270"/>
        <source>Mulai melayani {0}.</source>
        <translation>Serving {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="271"/>
        <source>{0} selesai.</source>
        <translation>{0} finished.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="272"/>
        <source>{0} dilewati.</source>
        <translation>{0} skipped as a no-show.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="274"/>
        <source>{0} dikembalikan ke antrean.</source>
        <translation>{0} put back in the queue.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="275"/>
        <source>{0} dialihkan; nomornya tetap.</source>
        <translation>{0} transferred; the number stays the same.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="276"/>
        <source>{0} ditunda.</source>
        <translation>{0} on hold.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="277"/>
        <source>{0} dilayani kembali.</source>
        <translation>Serving {0} again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="278"/>
        <source>Loket {1} istirahat.</source>
        <translation>Counter {1} on break.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="279"/>
        <source>Loket {1} buka kembali.</source>
        <translation>Counter {1} open again.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="280"/>
        <source>Loket {1} dibuka.</source>
        <translation>Counter {1} opened.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="302"/>
        <source>Siap. Tekan F1 untuk memanggil nomor berikutnya.</source>
        <translation>Ready. Press F1 to call the next number.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="314"/>
        <source>Koneksi ke server terputus — mencoba lagi…</source>
        <translation>Connection to the server lost — retrying…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="341"/>
        <source>Panggil {0} sekarang (di luar urutan)</source>
        <translation>Call {0} now (out of turn)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="343"/>
        <source>Pilih nomor di daftar untuk dipanggil</source>
        <translation>Select a number in the list to call it</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="67"/>
        <source>Layanan: {0}</source>
        <translation>Services: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="73"/>
        <source>BUKA</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="74"/>
        <source>ISTIRAHAT</source>
        <translation>ON BREAK</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="75"/>
        <source>TUTUP</source>
        <translation>CLOSED</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="83"/>
        <source>Istirahat</source>
        <translation>Take a break</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="84"/>
        <source>Lanjut</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="85"/>
        <source>Buka loket</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="93"/>
        <source>TIDAK ADA NOMOR DI LOKET</source>
        <translation>NO NUMBER AT THE COUNTER</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="96"/>
        <source>{0} orang menunggu · tekan F1 untuk memanggil</source>
        <translation>{0} waiting · press F1 to call</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="102"/>
        <source>SEDANG DILAYANI</source>
        <translation>SERVING</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="104"/>
        <source>DIPANGGIL</source>
        <translation>CALLED</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="107"/>
        <source> · dipanggil ulang {0}×</source>
        <translation> · called again {0}×</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="119"/>
        <source>Waktu layanan</source>
        <translation>Service time</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="121"/>
        <source>Menunggu datang</source>
        <translation>Awaiting arrival</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="129"/>
        <source>Daftar tunggu: {0} (prioritas {1})</source>
        <translation>Waiting: {0} ({1} priority)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="141"/>
        <location filename="../../ui/counter/render.py" line="185"/>
        <source>{0} mnt</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="150"/>
        <source>Prioritas (UU 25/2009)</source>
        <translation>Priority (Law 25/2009)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/render.py" line="187"/>
        <source>Hari ini di loket ini: {0} dilayani · rata-rata {1}</source>
        <translation>Today at this counter: {0} served · average {1}</translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="109"/>
        <source>Selesai dilayani</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="110"/>
        <source>Berkas belum lengkap</source>
        <translation>Documents incomplete</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="111"/>
        <source>Dirujuk ke unit lain</source>
        <translation>Referred to another unit</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="112"/>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="117"/>
        <source>Selesai — {0}</source>
        <translation>Finish — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="119"/>
        <source>Hasil layanan untuk {0}</source>
        <translation>How did the service for {0} end?</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="127"/>
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
        <location filename="../../ui/counter/dialogs.py" line="71"/>
        <location filename="../../ui/counter/dialogs.py" line="94"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="77"/>
        <source>Loket {0} — masuk petugas</source>
        <translation>Counter {0} — clerk login</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="86"/>
        <source>Isi nama pengguna dan kata sandi.</source>
        <translation>Enter the user name and the password.</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="94"/>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/app.py" line="71"/>
        <source>Tidak bisa memeriksa akun; lihat log.</source>
        <translation>Cannot check the account; see the log.</translation>
    </message>
</context>
<context>
    <name>NoShowDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="150"/>
        <source>Tidak hadir — {0}</source>
        <translation>No-show — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="152"/>
        <source>{0} tidak datang ke loket</source>
        <translation>{0} did not come to the counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="153"/>
        <source>1   Lewati (nomor ditutup)</source>
        <translation>1   Skip (the number is closed)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="161"/>
        <source>2   Kembalikan ke antrean setelah</source>
        <translation>2   Put back in the queue after</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="165"/>
        <source>nomor</source>
        <translation>numbers</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="166"/>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="202"/>
        <source>Alihkan — {0}</source>
        <translation>Transfer — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="205"/>
        <source>Layanan tetap ({0})</source>
        <translation>Same service ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="210"/>
        <source>Loket mana saja</source>
        <translation>Any counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="213"/>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="214"/>
        <source>Taruh di depan antrean (sesuai jam ambil nomor)</source>
        <translation>Put it ahead in the queue (by the time the number was taken)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="221"/>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="224"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="227"/>
        <source>Ke layanan</source>
        <translation>To service</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="228"/>
        <source>Ke loket</source>
        <translation>To counter</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="230"/>
        <source>Alihkan {0} (nomor tetap sama)</source>
        <translation>Transfer {0} (the number stays the same)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/dialogs.py" line="249"/>
        <source>Pilih layanan atau loket tujuan.</source>
        <translation>Choose the service or counter to send it to.</translation>
    </message>
</context>
</TS>
