<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>ConnectingScreen</name>
    <message>
        <location filename="../../ui/common/connecting.py" line="98"/>
        <source>Menghubungkan ke server…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../ui/common/connecting.py" line="106"/>
        <source>Layar ini terbuka sendiri begitu server menjawab.</source>
        <translation>This screen opens by itself as soon as the server answers.</translation>
    </message>
    <message>
        <location filename="../../ui/common/connecting.py" line="224"/>
        <source>Mencoba lagi… (percobaan terakhir {time})</source>
        <translation>Trying again… (last attempt {time})</translation>
    </message>
    <message>
        <location filename="../../ui/common/connecting.py" line="229"/>
        <source>Percobaan terakhir {time}: {reason}</source>
        <translation>Last attempt {time}: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/common/connecting.py" line="236"/>
        <source>Mencoba lagi dalam {seconds} detik.</source>
        <translation>Trying again in {seconds} s.</translation>
    </message>
</context>
</TS>
