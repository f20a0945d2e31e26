package io.sparklm.train.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.png: a PNG of the expected size showing the series in their colours on a white background. */
class ReportPngTest {
    @Test
    void lossChartDecodesAtItsSizeAndShowsEachSeries() throws Exception {
        ReportData d = ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(ReportFixtures.baseline()));
        byte[] png = RunReport.png(d, ReportFixtures.facts(ReportFixtures.baseline()));
        assertEquals(0x89, png[0] & 0xFF);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "decodes");
        assertEquals(ReportPng.WIDTH, img.getWidth());
        assertEquals(ReportPng.HEIGHT, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        int white = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                white += rgb == 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 20, "not blank: " + colours.size() + " colours");
        assertTrue(white > img.getWidth() * img.getHeight() / 2, "a white background");
        // pixels of exactly each series' colour: far more than its legend sample alone (about 50)
        Map<String, Integer> least = Map.of(ReportCharts.TRAIN, 400, ReportCharts.VALIDATION, 400,
                ReportCharts.BASELINE, 150);
        least.forEach((name, n) -> {
            int c = Color.decode(d.chart(ReportCharts.LOSS_STEPS).series(name).color()).getRGB() & 0xFFFFFF;
            assertTrue(count(img, c) > n, name + " drawn in " + Integer.toHexString(c) + ": " + count(img, c));
        });
    }

    @Test
    void aRunWithoutLinesStillGetsAPicture() throws Exception {
        ReportData d = ReportData.build(List.of(), ReportFixtures.facts(null));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(RunReport.png(d, ReportFixtures.facts(null))));
        assertEquals(ReportPng.WIDTH, img.getWidth());
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
