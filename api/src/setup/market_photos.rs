//! Photos for the demo market, drawn here rather than shipped: woven
//! stripes for textiles, beads for jewellery, glazed rings for ceramics,
//! wood grain, a bowl of spice for food and a patterned tile for the rest.
//! Each is a small PNG that goes through the same cleaning and resizing as
//! an upload.

use image::{ImageFormat, Rgb, RgbImage};

/// What a demo photo shows.
#[derive(Clone, Copy, Debug)]
pub enum Motif {
    Weave,
    Beads,
    Glaze,
    Grain,
    Spice,
    Tile,
}

/// The side of a drawn photo, in pixels (resized to the three sizes later).
const SIDE: u32 = 480;

/// A `SIDE`×`SIDE` PNG of `motif` in the colours `a` (ground) and `b`.
pub fn draw(motif: Motif, a: [u8; 3], b: [u8; 3]) -> Result<Vec<u8>, image::ImageError> {
    let image = RgbImage::from_fn(SIDE, SIDE, |x, y| Rgb(pixel(motif, x, y, a, b)));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png)?;
    Ok(bytes.into_inner())
}

/// `a` and `b` mixed: `t` = 0 gives `a`, 1 gives `b`.
fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    let channel = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8;
    [channel(0), channel(1), channel(2)]
}

fn pixel(motif: Motif, x: u32, y: u32, a: [u8; 3], b: [u8; 3]) -> [u8; 3] {
    let (fx, fy) = (x as f32, y as f32);
    let centre = SIDE as f32 / 2.0;
    let (dx, dy) = (fx - centre, fy - centre);
    let radius = (dx * dx + dy * dy).sqrt();
    match motif {
        Motif::Weave => {
            // Plain weave: in alternate squares the warp (b, running down)
            // or the weft (a, running across) is on top, each thread shaded
            // round.
            let warp_on_top = ((x / 24) + (y / 24)).is_multiple_of(2);
            let (colour, across) = if warp_on_top { (b, fx) } else { (a, fy) };
            let round = ((across % 24.0) / 24.0 * std::f32::consts::PI).sin();
            mix([20, 10, 10], colour, 0.55 + 0.45 * round)
        }
        Motif::Beads => {
            // A necklace: beads on a circle, lit from the top left.
            let ring = 150.0;
            let angle = dy.atan2(dx);
            let step = std::f32::consts::TAU / 18.0;
            let nearest = (angle / step).round() * step;
            let (bx, by) = (centre + ring * nearest.cos(), centre + ring * nearest.sin());
            let d = ((fx - bx).powi(2) + (fy - by).powi(2)).sqrt();
            if d < 20.0 {
                let light = 1.0 - ((fx - bx + 7.0).powi(2) + (fy - by + 7.0).powi(2)).sqrt() / 30.0;
                mix(b, [255, 255, 255], light * 0.7)
            } else {
                mix(a, [255, 255, 255], 0.2 + (fy / SIDE as f32) * 0.2)
            }
        }
        Motif::Glaze => {
            // A plate seen from above: glazed rings and a rim.
            if radius > 210.0 {
                mix(a, [40, 30, 20], 0.3)
            } else {
                let band = ((radius / 14.0).sin() + 1.0) / 2.0;
                mix(b, a, band * 0.6 + if radius > 190.0 { 0.4 } else { 0.0 })
            }
        }
        Motif::Grain => {
            // Wood: wavy growth rings along the board.
            let wave = (fy / 40.0).sin() * 18.0 + (fy / 13.0).cos() * 4.0;
            let rings = (((fx + wave) / 11.0).sin() + 1.0) / 2.0;
            mix(a, b, rings * 0.7)
        }
        Motif::Spice => {
            // A bowl of spice on a cloth.
            if radius < 170.0 {
                let speckle = ((x * 7919 + y * 104_729) % 13) as f32 / 13.0;
                mix(b, [255, 220, 150], speckle * 0.35)
            } else if radius < 190.0 {
                [235, 230, 220]
            } else {
                let check = ((x / 40) + (y / 40)).is_multiple_of(2);
                if check {
                    a
                } else {
                    mix(a, [255, 255, 255], 0.5)
                }
            }
        }
        Motif::Tile => {
            let (tx, ty) = ((fx % 240.0) - 120.0, (fy % 240.0) - 120.0);
            // An eight-pointed star: a square and a diamond on one centre.
            let star = tx.abs().max(ty.abs()) < 64.0 || tx.abs() + ty.abs() < 90.0;
            if star {
                b
            } else {
                a
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_motif_is_an_image_the_upload_path_takes() {
        for motif in [
            Motif::Weave,
            Motif::Beads,
            Motif::Glaze,
            Motif::Grain,
            Motif::Spice,
            Motif::Tile,
        ] {
            let png = draw(motif, [120, 30, 40], [230, 180, 60]).expect("drawn");
            let processed = crate::market::photos::process(&png).expect("processed");
            assert_eq!(processed.thumbnail.width, 320, "{motif:?}");
            // Not a flat colour: the two colours both appear.
            let distinct: std::collections::HashSet<_> = png.iter().collect();
            assert!(distinct.len() > 16, "{motif:?}");
        }
    }
}
