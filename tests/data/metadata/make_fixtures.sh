#!/bin/sh
# Makes the metadata fixtures of tests/test_metadata_reference.py with exiftool 12.57 and
# exiv2 0.27.6, each the way the app named in its file name writes metadata. Run it from this
# folder: sh make_fixtures.sh (it overwrites the fixtures). See README.md.
set -eu
SRC=../photos/sk_coffee.jpg
rm -f ./*.jpg ./*.xmp ./*_original  # exiftool makes a new .xmp file from scratch
base() { convert "$SRC" -resize 96x96 -strip -quality 80 "$1"; }
X="exiftool -q -q -overwrite_original -codedcharacterset=utf8 -charset iptc=utf8"

# digiKam: keywords in TagsList (A/B), lr:hierarchicalSubject, dc:subject and IPTC; title in two
# languages; rating; EXIF date; sidecar photo.jpg.xmp holding the XMP plus a keyword added later.
base digikam.jpg
$X -EXIF:DateTimeOriginal="2019:06:14 18:30:00" -EXIF:Make=Canon -EXIF:Model="Canon EOS 5D Mark IV" \
   -XMP-digiKam:TagsList="Places/Portugal/Douro" -XMP-digiKam:TagsList="People/Ana" \
   -XMP-lr:HierarchicalSubject="Places|Portugal|Douro" -XMP-lr:HierarchicalSubject="People|Ana" \
   -XMP-dc:Subject=Douro -XMP-dc:Subject=Ana -IPTC:Keywords=Douro -IPTC:Keywords=Ana \
   -XMP-dc:Title="The river" -XMP-dc:Title-pt-BR="O rio" -XMP-dc:Description="Boats at dusk" \
   -XMP-dc:Description-pt-BR="Barcos ao entardecer" -XMP-xmp:Rating=4 digikam.jpg
exiftool -q -q -tagsfromfile digikam.jpg -xmp:all digikam.jpg.xmp
$X -XMP-digiKam:TagsList+="Events/Vindima" -XMP-lr:HierarchicalSubject+="Events|Vindima" \
   -XMP-dc:Subject+=Vindima digikam.jpg.xmp

# darktable: everything in the sidecar photo.jpg.xmp (darktable:xmp_version, its own
# darktable|... tags, exif:DateTimeOriginal, GPS); a keyword still embedded in the JPEG was
# deleted in darktable and must not be read.
base darktable.jpg
$X -IPTC:Keywords=apagada -IPTC:Keywords=praia -XMP-dc:Subject=apagada -XMP-dc:Subject=praia \
   -EXIF:DateTimeOriginal="2018:01:01 00:00:00" darktable.jpg
exiftool -q -q -XMP-darktable:XMPVersion=5 \
   -XMP-dc:Subject=praia -XMP-dc:Subject=mar \
   -XMP-lr:HierarchicalSubject="praia" -XMP-lr:HierarchicalSubject="mar" \
   -XMP-lr:HierarchicalSubject="darktable|format|jpg" -XMP-lr:HierarchicalSubject="darktable|changed" \
   -XMP-exif:DateTimeOriginal="2020:08:09 10:11:12" -XMP-xmp:Rating=2 \
   -XMP-exif:GPSLatitude="41.1579 N" -XMP-exif:GPSLongitude="8.6291 W" darktable.jpg.xmp
# exiftool 12.57 has no darktable namespace; exiv2 registers it (as darktable does).
exiv2 -q -M"reg darktable http://darktable.sf.net/" -M"set Xmp.darktable.xmp_version XmpText 5" \
   -M"set Xmp.darktable.auto_presets_applied XmpText 1" darktable.jpg.xmp

# Lightroom: sidecar named photo.xmp, hierarchies with their parents in dc:subject,
# photoshop:DateCreated, title/description, GPS; EXIF DateTimeOriginal embedded wins (MWG)
# over an IPTC date that differs.
base lightroom.jpg
$X -EXIF:DateTimeOriginal="2017:09:20 12:00:00" -IPTC:DateCreated=2001:02:03 \
   -IPTC:TimeCreated=04:05:06 lightroom.jpg
exiftool -q -q -XMP-lr:HierarchicalSubject="Places|Portugal|Porto" \
   -XMP-lr:HierarchicalSubject="família" -XMP-dc:Subject=Places -XMP-dc:Subject=Portugal \
   -XMP-dc:Subject=Porto -XMP-dc:Subject="família" -XMP-photoshop:DateCreated="2017:09:20 12:00:00" \
   -XMP-dc:Title="Ribeira" -XMP-dc:Description="Casas à beira-rio" -XMP-xmp:Rating=5 \
   -XMP-exif:GPSLatitude="41.1406 N" -XMP-exif:GPSLongitude="8.6131 W" lightroom.xmp

# Windows Explorer: XP tags (UTF-16), MicrosoftPhoto:Rating 50 (three stars) and
# LastKeywordXMP, EXIF Rating/RatingPercent, UTF-8 ImageDescription and Artist.
base windows.jpg
exiftool -q -q -overwrite_original -EXIF:XPKeywords="férias;Sé" -EXIF:XPTitle="Catedral" \
   -EXIF:XPComment="Vista da Sé" -EXIF:Rating=3 -EXIF:RatingPercent=50 \
   -EXIF:ImageDescription="Sé do Porto" -EXIF:Artist="João Sá" \
   -XMP-microsoft:RatingPercent=50 -XMP-microsoft:LastKeywordXMP="férias" \
   -XMP-microsoft:LastKeywordXMP="Lugares/Sé" -XMP-dc:Subject="férias" -XMP-dc:Subject="Sé" windows.jpg

# Windows Photo Gallery's 25 (two stars) in a sidecar, no embedded XMP.
base windows25.jpg
exiftool -q -q -XMP-microsoft:RatingPercent=25 -XMP-dc:Subject=dois windows25.jpg.xmp

# exiv2: IPTC keywords in UTF-8 with the character set, XMP dc:subject, EXIF and IPTC dates.
base exiv2.jpg
ESC=$(printf '\033')
exiv2 -q -M"set Iptc.Envelope.CharacterSet String $ESC%G" \
   -M"add Iptc.Application2.Keywords String Maçã" -M"add Iptc.Application2.Keywords String verão" \
   -M"set Iptc.Application2.Caption String Fruta no verão" \
   -M"set Iptc.Application2.DateCreated Date 2015-07-01" \
   -M"set Exif.Photo.DateTimeOriginal Ascii 2016:05:04 03:02:01" \
   -M"set Xmp.dc.subject XmpBag Maçã" -M"set Xmp.dc.subject XmpBag verão" \
   -M"set Xmp.photoshop.DateCreated XmpText 2014-01-01" exiv2.jpg

# Photo Mechanic / iView (mediapro:CatalogSets) and ACDSee (acdsee:categories) keywords.
base mediapro.jpg
exiftool -q -q -overwrite_original -XMP-mediapro:CatalogSets="Animais|Gato" \
   -XMP-dc:Subject=Gato mediapro.jpg
base acdsee.jpg
exiftool -q -q -overwrite_original \
   -XMP-acdsee:Categories='<Categories><Category Assigned="0">Lugares<Category Assigned="1">Lisboa</Category></Category></Categories>' \
   -XMP-dc:Subject=Lisboa acdsee.jpg
rm -f ./*_original
