<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../ui/display/widgets.py" line="117"/>
        <location filename="../../ui/display/widgets.py" line="122"/>
        <source>NOMOR ANTREAN</source>
        <translation>QUEUE NUMBER</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="118"/>
        <source>Silakan ambil nomor antrean</source>
        <translation>Please take a queue number</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="122"/>
        <source>PANGGILAN ULANG</source>
        <translation>CALLED AGAIN</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="123"/>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
</context>
<context>
    <name>CounterTile</name>
    <message>
        <location filename="../../ui/display/widgets.py" line="187"/>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="190"/>
        <source>Tutup</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="192"/>
        <source>Istirahat</source>
        <translation>On break</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../ui/display/window.py" line="84"/>
        <source>Antrean — Layar Ruang Tunggu</source>
        <translation>Antrean — Waiting Room Display</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="166"/>
        <source>LOKET {0}</source>
        <translation>COUNTER {0}</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="169"/>
        <source>{0} menunggu</source>
        <translation>{0} waiting</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="333"/>
        <source>Koneksi ke server terputus — mencoba lagi…</source>
        <translation>Connection to the server lost — retrying…</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="347"/>
        <source>⚠ Suara panggilan {0} gagal: {1}</source>
        <translation>⚠ Announcement of {0} failed: {1}</translation>
    </message>
</context>
<context>
    <name>RecentList</name>
    <message>
        <location filename="../../ui/display/widgets.py" line="224"/>
        <source>PANGGILAN TERAKHIR</source>
        <translation>RECENT CALLS</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="268"/>
        <source>Loket {0} · ulang</source>
        <translation>Counter {0} · again</translation>
    </message>
    <message>
        <location filename="../../ui/display/widgets.py" line="270"/>
        <source>Loket {0}</source>
        <translation>Counter {0}</translation>
    </message>
</context>
<context>
    <name>ServiceChip</name>
    <message>
        <location filename="../../ui/display/widgets.py" line="318"/>
        <source>{0} menunggu</source>
        <translation>{0} waiting</translation>
    </message>
</context>
</TS>
