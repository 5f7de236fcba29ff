//! Tests of [`super::process`], with images made here in code.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

use super::process::{detect, process, PhotoError, Processed, Size, MAX_BYTES};

/// A `w`×`h` picture: left half red, right half blue, with a gradient so
/// that it is not trivially compressible.
fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let shade = ((x + y) % 32) as u8;
        if x < w / 2 {
            Rgb([220 + shade / 2, shade, shade])
        } else {
            Rgb([shade, shade, 220 + shade / 2])
        }
    })
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, format)
        .unwrap_or_else(|e| panic!("encoding {format:?}: {e}"));
    out.into_inner()
}

fn ok(bytes: &[u8]) -> Processed {
    process(bytes).unwrap_or_else(|e| panic!("process: {e:?}"))
}

fn sizes(p: &Processed) -> [(u32, u32); 3] {
    Size::ALL.map(|s| (p.get(s).width, p.get(s).height))
}

/// Every variant is a JPEG whose real size is the one announced.
fn assert_variants_decode(p: &Processed) {
    for size in Size::ALL {
        let v = p.get(size);
        assert_eq!(v.content_type, "image/jpeg");
        assert_eq!(
            image::guess_format(&v.bytes).ok(),
            Some(ImageFormat::Jpeg),
            "{size:?}"
        );
        let decoded = image::load_from_memory_with_format(&v.bytes, ImageFormat::Jpeg)
            .unwrap_or_else(|e| panic!("{size:?} decodes back: {e}"));
        assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
    }
}

/// The markers of a JPEG's header segments, from SOI up to SOS.
fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "starts with SOI");
    let mut markers = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        assert_eq!(jpeg[i], 0xFF, "a marker at {i}");
        let marker = jpeg[i + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        i += 2 + len;
    }
    markers
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A minimal big-endian EXIF block: IFD0 with Orientation and a GPSInfo
/// pointer, and a GPS IFD with a latitude (46° 3' 12.34" N).
fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\x00\x2A");
    t.extend_from_slice(&8u32.to_be_bytes()); // IFD0 offset
                                              // IFD0: 2 entries (2 + 2 * 12 + 4 = 30 bytes), so the GPS IFD is at 38.
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    t.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0x8825u16.to_be_bytes()); // GPSInfo
    t.extend_from_slice(&4u16.to_be_bytes()); // LONG
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&38u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    assert_eq!(t.len(), 38);
    // GPS IFD: 2 entries (30 bytes), the rationals follow at 68.
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&0x0001u16.to_be_bytes()); // GPSLatitudeRef
    t.extend_from_slice(&2u16.to_be_bytes()); // ASCII
    t.extend_from_slice(&2u32.to_be_bytes());
    t.extend_from_slice(b"N\x00\x00\x00");
    t.extend_from_slice(&0x0002u16.to_be_bytes()); // GPSLatitude
    t.extend_from_slice(&5u16.to_be_bytes()); // RATIONAL
    t.extend_from_slice(&3u32.to_be_bytes());
    t.extend_from_slice(&68u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len(), 68);
    for (num, den) in [(46u32, 1u32), (3, 1), (1234, 100)] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    t
}

/// `jpeg` with an APP1 Exif segment right after SOI.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let len = u16::try_from(2 + 6 + tiff.len()).expect("small EXIF");
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\x00\x00");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A valid PNG whose IHDR claims `w`×`h` (with a correct CRC) but whose
/// data is that of a 1×1 image.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = encode(
        DynamicImage::ImageRgb8(RgbImage::new(1, 1)),
        ImageFormat::Png,
    );
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn a_large_jpeg_gives_three_jpeg_sizes() {
    let jpeg = encode(
        DynamicImage::ImageRgb8(picture(4000, 3000)),
        ImageFormat::Jpeg,
    );
    let p = ok(&jpeg);
    assert_eq!(sizes(&p), [(320, 240), (960, 720), (1920, 1440)]);
    assert_variants_decode(&p);
    assert!(p.thumbnail.bytes.len() < p.medium.bytes.len());
    assert!(p.medium.bytes.len() < p.large.bytes.len());
}

#[test]
fn a_portrait_photo_keeps_its_proportions() {
    let jpeg = encode(
        DynamicImage::ImageRgb8(picture(1000, 3000)),
        ImageFormat::Jpeg,
    );
    let p = ok(&jpeg);
    assert_eq!(sizes(&p), [(107, 320), (320, 960), (640, 1920)]);
}

#[test]
fn a_small_png_is_not_enlarged() {
    let png = encode(DynamicImage::ImageRgb8(picture(200, 100)), ImageFormat::Png);
    let p = ok(&png);
    assert_eq!(sizes(&p), [(200, 100); 3]);
    assert_variants_decode(&p);
}

#[test]
fn a_medium_png_is_shrunk_only_where_it_is_larger() {
    let png = encode(
        DynamicImage::ImageRgb8(picture(1200, 600)),
        ImageFormat::Png,
    );
    let p = ok(&png);
    assert_eq!(sizes(&p), [(320, 160), (960, 480), (1200, 600)]);
}

#[test]
fn a_webp_is_taken() {
    let webp = encode(
        DynamicImage::ImageRgba8(RgbaImage::from_pixel(640, 480, Rgba([10, 200, 30, 255]))),
        ImageFormat::WebP,
    );
    assert_eq!(detect(&webp), Ok(ImageFormat::WebP));
    let p = ok(&webp);
    assert_eq!(sizes(&p), [(320, 240), (640, 480), (640, 480)]);
    assert_variants_decode(&p);
}

#[test]
fn transparency_becomes_white() {
    let png = encode(
        DynamicImage::ImageRgba8(RgbaImage::from_pixel(20, 20, Rgba([0, 0, 0, 0]))),
        ImageFormat::Png,
    );
    let p = ok(&png);
    let thumb = image::load_from_memory(&p.thumbnail.bytes)
        .expect("decodes")
        .into_rgb8();
    let px = thumb.get_pixel(10, 10).0;
    assert!(px.iter().all(|&c| c > 245), "white, not black: {px:?}");
}

#[test]
fn exif_and_gps_are_removed_and_the_orientation_applied() {
    let plain = encode(
        DynamicImage::ImageRgb8(picture(400, 200)),
        ImageFormat::Jpeg,
    );
    let input = with_exif(&plain, &exif_with_gps(6));
    // The input really carries the EXIF block, and the decoder sees it.
    assert!(contains(&input, b"Exif"));
    assert!(header_markers(&input).contains(&0xE1));
    let mut decoder = image::ImageReader::with_format(Cursor::new(&input), ImageFormat::Jpeg)
        .into_decoder()
        .expect("decoder");
    assert_eq!(
        image::ImageDecoder::orientation(&mut decoder).ok(),
        Some(image::metadata::Orientation::Rotate90)
    );

    let p = ok(&input);
    // Orientation 6 (turn 90° clockwise): the landscape input stands up.
    assert_eq!(sizes(&p), [(160, 320), (200, 400), (200, 400)]);
    for size in Size::ALL {
        let bytes = &p.get(size).bytes;
        assert!(!contains(bytes, b"Exif"), "{size:?} has no Exif");
        let markers = header_markers(bytes);
        assert!(
            !markers.contains(&0xE1),
            "{size:?} has no APP1: {markers:x?}"
        );
        // Only JFIF's APP0 may remain of the application segments.
        assert!(
            markers
                .iter()
                .all(|m| !(0xE1..=0xEF).contains(m) && *m != 0xFE),
            "{size:?}: {markers:x?}"
        );
    }
    // The left (red) half of the input is now on top.
    let large = image::load_from_memory(&p.large.bytes)
        .expect("decodes")
        .into_rgb8();
    let top = large.get_pixel(100, 50).0;
    let bottom = large.get_pixel(100, 350).0;
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
}

#[test]
fn a_decompression_bomb_is_refused_fast() {
    for (w, h) in [
        (60_000, 60_000),
        (12_001, 10),
        (11_000, 11_000),
        (1, 1_000_000),
    ] {
        let bomb = png_claiming(w, h);
        assert!(bomb.len() < 200);
        let started = Instant::now();
        let result = process(&bomb);
        assert_eq!(result, Err(PhotoError::TooManyPixels), "{w}×{h}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{w}×{h} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(PhotoError::TooManyPixels.code(), "too_many_pixels");
}

#[test]
fn what_is_not_an_image_is_refused() {
    let text = b"Hello, this is a text file named photo.jpg\n".to_vec();
    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let html = b"<!DOCTYPE html><html><body>hi</body></html>".to_vec();
    for bytes in [text, pdf, html, Vec::new(), vec![0xFF]] {
        let e = process(&bytes).expect_err("refused");
        assert_eq!(e, PhotoError::NotAnImage);
        assert_eq!(e.code(), "not_an_image");
    }
}

#[test]
fn a_damaged_image_is_refused() {
    // A JPEG's magic bytes followed by rubbish.
    let mut fake_jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    fake_jpeg.extend_from_slice(&[0x41; 64]);
    assert_eq!(process(&fake_jpeg), Err(PhotoError::NotAnImage));
    // A PNG cut after its header.
    let png = encode(DynamicImage::ImageRgb8(picture(64, 64)), ImageFormat::Png);
    assert_eq!(process(&png[..40]), Err(PhotoError::NotAnImage));
}

#[test]
fn other_image_types_are_unsupported() {
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let bmp = {
        let mut b = b"BM".to_vec();
        b.extend_from_slice(&[0; 64]);
        b
    };
    let tiff = b"II*\x00\x08\x00\x00\x00\x00\x00".to_vec();
    for bytes in [gif, bmp, tiff] {
        let e = process(&bytes).expect_err("refused");
        assert_eq!(e, PhotoError::UnsupportedType);
        assert_eq!(e.code(), "unsupported_type");
        assert!(e.message().contains("JPEG, PNG and WebP"));
    }
}

#[test]
fn more_than_15_mb_is_too_large() {
    let mut big = encode(DynamicImage::ImageRgb8(picture(16, 16)), ImageFormat::Jpeg);
    big.resize(MAX_BYTES + 1, 0);
    let e = process(&big).expect_err("refused");
    assert_eq!(e, PhotoError::TooLarge);
    assert_eq!(e.code(), "too_large");
    assert_eq!(e.message(), "The photo is larger than 15 MB.");
}
