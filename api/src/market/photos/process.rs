//! From an uploaded file to three clean JPEGs.
//!
//! The type is read from the first bytes (never from the file name or the
//! declared content type); only JPEG, PNG and WebP are taken. The image
//! size is checked from the header before a single pixel is decoded, so a
//! decompression bomb (a small file that claims a huge image) is refused
//! without allocating it. The EXIF orientation is applied to the pixels,
//! and the variants are encoded afresh from the pixels alone: EXIF (GPS
//! position included), XMP, IPTC, ICC and comments are all left behind.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage, RgbaImage,
};

/// The largest upload taken, in bytes (15 MB).
pub const MAX_BYTES: usize = 15 * 1024 * 1024;
/// The widest and tallest image taken, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels an image may have (50 megapixels: a phone takes 12 to 50).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory the decoded image may take, in bytes.
pub const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// The longest side of each variant, in pixels (a smaller photo is never
/// enlarged).
pub const THUMBNAIL_SIDE: u32 = 320;
pub const MEDIUM_SIDE: u32 = 960;
pub const LARGE_SIDE: u32 = 1_920;

/// The JPEG quality of the variants (1-100).
pub const JPEG_QUALITY: u8 = 80;
/// Thumbnails, lighter still: twelve of them make a phone's first page of
/// the catalogue, which must stay under 200 kB on mobile data (a detailed
/// 320 px photo is about 33 kB at quality 80, 14 kB at 55).
pub const THUMBNAIL_QUALITY: u8 = 55;
/// The content type of every variant.
pub const VARIANT_CONTENT_TYPE: &str = "image/jpeg";
/// The file extension of every variant (for storage keys).
pub const VARIANT_EXTENSION: &str = "jpg";

/// Why an upload was refused; every case is the client's (HTTP 422), and
/// nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The bytes are not an image of any known kind, or are damaged.
    #[error("not an image")]
    NotAnImage,
    /// An image, but of a kind not taken (GIF, BMP, TIFF, HEIC, ...).
    #[error("unsupported image type")]
    UnsupportedType,
    /// More than [`MAX_BYTES`].
    #[error("file too large")]
    TooLarge,
    /// Wider or taller than [`MAX_SIDE`], more than [`MAX_PIXELS`], or more
    /// than [`MAX_DECODED_BYTES`] once decoded.
    #[error("image has too many pixels")]
    TooManyPixels,
}

impl PhotoError {
    /// A stable machine-readable code for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::NotAnImage => "not_an_image",
            PhotoError::UnsupportedType => "unsupported_type",
            PhotoError::TooLarge => "too_large",
            PhotoError::TooManyPixels => "too_many_pixels",
        }
    }

    /// An English sentence for the person who uploaded the file.
    pub fn message(&self) -> &'static str {
        match self {
            PhotoError::NotAnImage => "The file is not an image, or it is damaged.",
            PhotoError::UnsupportedType => "Only JPEG, PNG and WebP photos can be uploaded.",
            PhotoError::TooLarge => "The photo is larger than 15 MB.",
            PhotoError::TooManyPixels => {
                "The photo has too many pixels (at most 12,000 on each side and 50 megapixels)."
            }
        }
    }
}

/// The three sizes of a photo, with their names in storage keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Thumbnail,
    Medium,
    Large,
}

impl Size {
    pub const ALL: [Size; 3] = [Size::Thumbnail, Size::Medium, Size::Large];

    /// The name used in storage keys and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Size::Thumbnail => "thumbnail",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }

    /// The longest side of this size, in pixels.
    pub fn longest_side(self) -> u32 {
        match self {
            Size::Thumbnail => THUMBNAIL_SIDE,
            Size::Medium => MEDIUM_SIDE,
            Size::Large => LARGE_SIDE,
        }
    }
}

/// One encoded size of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A processed photo: three JPEGs with no metadata, upright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub thumbnail: Variant,
    pub medium: Variant,
    pub large: Variant,
}

impl Processed {
    /// The variant of one size.
    pub fn get(&self, size: Size) -> &Variant {
        match size {
            Size::Thumbnail => &self.thumbnail,
            Size::Medium => &self.medium,
            Size::Large => &self.large,
        }
    }
}

/// Reads the type from the first bytes: only JPEG, PNG and WebP pass.
pub fn detect(bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        Ok(_) => Err(PhotoError::UnsupportedType),
        Err(_) => Err(PhotoError::NotAnImage),
    }
}

/// Checks, decodes, turns upright and re-encodes an upload into its three
/// sizes. CPU-bound (up to a second for a large photo in a release build):
/// call it from `web::block` or `spawn_blocking`, not on an async worker.
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = detect(bytes)?;
    let image = decode(bytes, format)?;
    let upright = flatten(image);

    // Each size is made from the next larger one: cheaper, and as sharp.
    let large = shrink(&upright, LARGE_SIDE);
    let medium = shrink(&large, MEDIUM_SIDE);
    let thumbnail = shrink(&medium, THUMBNAIL_SIDE);
    Ok(Processed {
        thumbnail: encode(&thumbnail, THUMBNAIL_QUALITY)?,
        medium: encode(&medium, JPEG_QUALITY)?,
        large: encode(&large, JPEG_QUALITY)?,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

/// Decodes with the size checked from the header first; the EXIF
/// orientation is applied.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, PhotoError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    // `into_decoder` reads only the header and refuses a side over the limit.
    let mut decoder = reader.into_decoder().map_err(from_image_error)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::NotAnImage);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(PhotoError::TooManyPixels);
    }
    // Damaged metadata is no reason to refuse a photo: it is dropped anyway.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(from_image_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn from_image_error(e: ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        ImageError::Unsupported(_) => PhotoError::UnsupportedType,
        _ => PhotoError::NotAnImage,
    }
}

/// To 8-bit RGB; transparent parts become white (JPEG has no alpha).
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba: RgbaImage = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        let [r, g, b, a] = src.0;
        let a = u16::from(a);
        let over_white = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        dst.0 = [over_white(r), over_white(g), over_white(b)];
    }
    out
}

/// Fits the image in a `side`×`side` square, keeping its proportions;
/// never enlarges.
fn shrink(image: &RgbImage, side: u32) -> RgbImage {
    let (w, h) = image.dimensions();
    if w.max(h) <= side {
        return image.clone();
    }
    let (nw, nh) = fit(w, h, side);
    imageops::resize(image, nw, nh, FilterType::CatmullRom)
}

/// The size of a `w`×`h` image scaled so its longest side is `side`
/// (rounded, at least 1 px).
fn fit(w: u32, h: u32, side: u32) -> (u32, u32) {
    let scale = |short: u32, long: u32| -> u32 {
        let v = (u64::from(short) * u64::from(side) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(v).unwrap_or(side).max(1)
    };
    if w >= h {
        (side, scale(h, w))
    } else {
        (scale(w, h), side)
    }
}

fn encode(image: &RgbImage, quality: u8) -> Result<Variant, PhotoError> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(image)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(Variant {
        width: image.width(),
        height: image.height(),
        content_type: VARIANT_CONTENT_TYPE,
        bytes,
    })
}
