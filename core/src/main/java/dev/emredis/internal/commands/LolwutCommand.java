package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * LOLWUT [VERSION v] [args]: Redis 7.0's computer art. Version 5 draws Georg Nees' "Schotter" in
 * Braille characters, version 6 a city skyline in terminal colours, both with random details from
 * the server's generator; any other version (the default for 7.0.15) prints the version line.
 */
public final class LolwutCommand {
    private LolwutCommand() {}

    static final String VERSION = "7.0.15";

    public static void register(CommandRegistry r) {
        r.add("lolwut", LolwutCommand::lolwut);
    }

    static void lolwut(Ctx c) {
        String v = VERSION;
        int first = 1;
        if (c.argc() >= 3 && c.is(1, "version")) {
            long ver = c.longArg(2);
            // Redis prints the version with "%u.0.0" and looks at its first characters
            v = Long.toUnsignedString(ver & 0xffffffffL) + ".0.0";
            first = 3;
        }
        String text;
        if ((v.startsWith("5.") && v.charAt(2) != '9') || v.startsWith("4.9")) {
            text = schotter(c, first);
        } else if ((v.startsWith("6.") && v.charAt(2) != '9') || v.startsWith("5.9")) {
            text = skyline(c, first);
        } else {
            text = "Redis ver. " + VERSION + "\n";
        }
        if (text != null) c.out.verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    private static long arg(Ctx c, int i, long dflt) {
        return i < c.argc() ? c.longArg(i) : dflt;
    }

    private static int clamp(long v, int max) {
        return (int) Math.max(1, Math.min(max, v));
    }

    private static int rand(RandomGenerator rnd) {
        return rnd.nextInt(Integer.MAX_VALUE);
    }

    /** A canvas of small colour indexes, as lolwut.c's lwCanvas. */
    private static final class Canvas {
        final int width;
        final int height;
        final byte[] pixels;

        Canvas(int width, int height, int bg) {
            this.width = width;
            this.height = height;
            this.pixels = new byte[width * height];
            java.util.Arrays.fill(pixels, (byte) bg);
        }

        void set(int x, int y, int color) {
            if (x < 0 || x >= width || y < 0 || y >= height) return;
            pixels[x + y * width] = (byte) color;
        }

        int get(int x, int y) {
            if (x < 0 || x >= width || y < 0 || y >= height) return 0;
            return pixels[x + y * width];
        }

        void line(int x1, int y1, int x2, int y2, int color) {
            int dx = Math.abs(x2 - x1);
            int dy = Math.abs(y2 - y1);
            int sx = x1 < x2 ? 1 : -1;
            int sy = y1 < y2 ? 1 : -1;
            int err = dx - dy;
            while (true) {
                set(x1, y1, color);
                if (x1 == x2 && y1 == y2) break;
                int e2 = err * 2;
                if (e2 > -dy) {
                    err -= dy;
                    x1 += sx;
                }
                if (e2 < dx) {
                    err += dx;
                    y1 += sy;
                }
            }
        }

        /** A square of the given side, centred at x,y and rotated by angle (inscribed in its circle). */
        void square(int x, int y, float size, float angle, int color) {
            size = (float) Math.rint((float) (size / 1.4142135623));
            int[] px = new int[4];
            int[] py = new int[4];
            float k = (float) (Math.PI / 4 + angle);
            for (int j = 0; j < 4; j++) {
                px[j] = (int) Math.round(Math.sin(k) * size + x);
                py[j] = (int) Math.round(Math.cos(k) * size + y);
                k = (float) (k + Math.PI / 2);
            }
            for (int j = 0; j < 4; j++) line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
        }
    }

    /** LOLWUT VERSION 5 [cols [squares-per-row [squares-per-col]]]. */
    private static String schotter(Ctx c, int first) {
        int cols = clamp(arg(c, first, 66), 1000);
        int perRow = clamp(arg(c, first + 1, 8), 200);
        int perCol = clamp(arg(c, first + 2, 12), 200);
        RandomGenerator rnd = c.server.random();
        int width = cols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float) (width - padding * 2) / perRow;
        int height = (int) (side * perCol + padding * 2);
        Canvas canvas = new Canvas(width, height, 0);
        for (int y = 0; y < perCol; y++) {
            for (int x = 0; x < perRow; x++) {
                int sx = (int) (x * side + side / 2 + padding);
                int sy = (int) (y * side + side / 2 + padding);
                float angle = 0;
                if (y > 1) {
                    float r1 = (float) rand(rnd) / (float) Integer.MAX_VALUE / perCol * y;
                    float r2 = (float) rand(rnd) / (float) Integer.MAX_VALUE / perCol * y;
                    float r3 = (float) rand(rnd) / (float) Integer.MAX_VALUE / perCol * y;
                    if (rand(rnd) % 2 != 0) r1 = -r1;
                    if (rand(rnd) % 2 != 0) r2 = -r2;
                    if (rand(rnd) % 2 != 0) r3 = -r3;
                    angle = r1;
                    sx = (int) (sx + r2 * side / 3);
                    sy = (int) (sy + r3 * side / 3);
                }
                canvas.square(sx, sy, side, angle, 1);
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int y = 0; y < canvas.height; y += 4) {
            for (int x = 0; x < canvas.width; x += 2) {
                int b = 0;
                if (canvas.get(x, y) != 0) b |= 1;
                if (canvas.get(x, y + 1) != 0) b |= 1 << 1;
                if (canvas.get(x, y + 2) != 0) b |= 1 << 2;
                if (canvas.get(x + 1, y) != 0) b |= 1 << 3;
                if (canvas.get(x + 1, y + 1) != 0) b |= 1 << 4;
                if (canvas.get(x + 1, y + 2) != 0) b |= 1 << 5;
                if (canvas.get(x, y + 3) != 0) b |= 1 << 6;
                if (canvas.get(x + 1, y + 3) != 0) b |= 1 << 7;
                // a Braille pattern character, U+2800 plus the eight dots
                int code = 0x2800 + b;
                text.write(0xE0 | (code >> 12));
                text.write(0x80 | ((code >> 6) & 0x3F));
                text.write(0x80 | (code & 0x3F));
            }
            if (y != canvas.height - 1) text.write('\n');
        }
        return text.toString(StandardCharsets.UTF_8)
                + "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " + VERSION + "\n";
    }

    /** LOLWUT VERSION 6 [cols [rows]]. */
    private static String skyline(Ctx c, int first) {
        int cols = clamp(arg(c, first, 80), 1000);
        int rows = clamp(arg(c, first + 1, 20), 1000);
        RandomGenerator rnd = c.server.random();
        Canvas canvas = new Canvas(cols, rows, 3);
        for (int color = 2; color >= 1; color--) {
            for (int offset = -10; offset < canvas.width; ) {
                offset += rand(rnd) % 8;
                int width = 10 + rand(rnd) % 9;
                int height = color == 2 ? canvas.height / 2 + rand(rnd) % canvas.height / 2
                        : canvas.height / 2 + rand(rnd) % canvas.height / 3;
                skyscraper(canvas, rnd, offset, width, height, false, color);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < canvas.width; ) {
            offset += rand(rnd) % 8;
            int width = 5 + rand(rnd) % 14;
            if (width % 4 != 0) width += width % 3;
            int height = canvas.height / 3 + rand(rnd) % canvas.height / 2;
            skyscraper(canvas, rnd, offset, width, height, true, 0);
            offset += width + 5;
        }
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < canvas.height; y++) {
            for (int x = 0; x < canvas.width; x++) {
                String ce;
                switch (canvas.get(x, y)) {
                    case 1: ce = "0;90;100m"; break;
                    case 2: ce = "0;37;47m"; break;
                    case 3: ce = "0;97;107m"; break;
                    default: ce = "0;30;40m";
                }
                text.append("\033[").append(ce).append(" \033[0m");
            }
            if (y != canvas.height - 1) text.append('\n');
        }
        return text + "\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. " + VERSION + "\n";
    }

    private static void skyscraper(Canvas canvas, RandomGenerator rnd, int xoff, int width, int height,
            boolean windows, int color) {
        int starty = canvas.height - 1;
        int endy = starty - height + 1;
        for (int y = starty; y >= endy; y--) {
            for (int x = xoff; x < xoff + width; x++) {
                // the roof is four pixels narrower
                if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) continue;
                int pc = color;
                if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
                    int relx = x - (xoff + 1);
                    int rely = y - (endy + 1);
                    if ((relx / 2) % 2 != 0 && rely % 2 != 0) {
                        do {
                            pc = 1 + rand(rnd) % 2;
                        } while (pc == color);
                        // the two pixels of one window share its colour
                        if (relx % 2 != 0) pc = canvas.get(x - 1, y);
                    }
                }
                canvas.set(x, y, pc);
            }
        }
    }
}
