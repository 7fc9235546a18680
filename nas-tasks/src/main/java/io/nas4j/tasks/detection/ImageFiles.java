package io.nas4j.tasks.detection;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads image files (JPEG, PNG, BMP, GIF: what {@link ImageIO} decodes) as RGB floats in [0, 1],
 * channels first, resized to a square by area averaging: each output pixel is the mean of the source
 * pixels it covers, weighted by how much of each it covers, which shrinks without aliasing. Boxes follow
 * with {@link Box#scaled}.
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** A decoded image: its values, {@code 3 x size x size}, and its original width and height. */
    public record Image(float[] values, int width, int height) {
    }

    /**
     * The image in {@code file}, resized to {@code size x size}.
     *
     * @throws IOException when the file is missing or not an image that can be decoded, naming it
     */
    public static Image read(Path file, int size) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the image " + file + " does not exist");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot decode the image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("the file " + file + " is not an image this JVM can decode (JPEG, PNG, BMP, GIF)");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] values = new float[3 * size * size];
        float[] plane = new float[width * height];
        for (int channel = 0; channel < 3; channel++) {
            int shift = 16 - 8 * channel;
            for (int index = 0; index < plane.length; index++) {
                plane[index] = ((rgb[index] >> shift) & 0xFF) / 255f;
            }
            float[] resized = resize(plane, width, height, size, size);
            System.arraycopy(resized, 0, values, channel * size * size, size * size);
        }
        return new Image(values, width, height);
    }

    /** Area-averaging resize of one plane of {@code width x height} to {@code newWidth x newHeight}. */
    static float[] resize(float[] plane, int width, int height, int newWidth, int newHeight) {
        float[] rows = new float[height * newWidth];
        for (int y = 0; y < height; y++) {
            resampleLine(plane, y * width, 1, width, rows, y * newWidth, 1, newWidth);
        }
        float[] result = new float[newHeight * newWidth];
        for (int x = 0; x < newWidth; x++) {
            resampleLine(rows, x, newWidth, height, result, x, newWidth, newHeight);
        }
        return result;
    }

    private static void resampleLine(float[] source, int sourceStart, int sourceStep, int sourceLength,
                                     float[] target, int targetStart, int targetStep, int targetLength) {
        double scale = (double) sourceLength / targetLength;
        for (int out = 0; out < targetLength; out++) {
            double from = out * scale;
            double to = (out + 1) * scale;
            double sum = 0;
            double weight = 0;
            for (int in = (int) Math.floor(from); in < Math.min(sourceLength, (int) Math.ceil(to)); in++) {
                double covered = Math.min(to, in + 1) - Math.max(from, in);
                if (covered > 0) {
                    sum += covered * source[sourceStart + in * sourceStep];
                    weight += covered;
                }
            }
            target[targetStart + out * targetStep] = (float) (sum / weight);
        }
    }
}
