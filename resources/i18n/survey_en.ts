<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>SurveyWindow</name>
    <message>
        <location filename="../../ui/survey/window.py" line="239"/>
        <source>‹ Kembali</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="244"/>
        <source>Bagaimana pelayanan kami?</source>
        <translation>How was our service?</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="248"/>
        <source>Nomor {number}, terima kasih sudah dilayani di {service}.</source>
        <translation>Number {number}, thank you for visiting {service}.</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="252"/>
        <source>Mohon nilai pelayanan kami: 9 pertanyaan singkat.</source>
        <translation>Please rate our service: 9 short questions.</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="256"/>
        <source>Bantu kami menjadi lebih baik: 9 pertanyaan singkat, satu sentuhan.</source>
        <translation>Help us do better: 9 short questions, one touch each.</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="258"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="260"/>
        <source>Tanpa nama. Jawaban Anda tidak disimpan bersama data pribadi apa pun.</source>
        <translation>Anonymous. Your answers are stored with no personal data at all.</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="264"/>
        <source>Layanan apa yang baru Anda terima?</source>
        <translation>Which service did you just receive?</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="273"/>
        <source>{n} dari {total}</source>
        <translation>{n} of {total}</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="283"/>
        <source>Terima kasih!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="285"/>
        <source>Jawaban Anda membantu kami memperbaiki pelayanan.</source>
        <translation>Your answers help us improve our service.</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="288"/>
        <source>Maaf</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <location filename="../../ui/survey/window.py" line="364"/>
        <source>Jawaban belum tersimpan. Mohon beri tahu petugas.</source>
        <translation>Your answers were not stored. Please tell a member of staff.</translation>
    </message>
</context>
</TS>
