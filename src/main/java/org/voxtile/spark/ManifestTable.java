package org.voxtile.spark;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * A batch manifest as spreadsheet programs and scripts save it: RFC 4180 CSV (quoted fields may
 * hold commas, quotes and line breaks), or tab-separated for {@code .tsv} (as BIDS tables are),
 * read with the parser Spark's own CSV source uses (univocity). A leading UTF-8 byte-order mark
 * is dropped, CRLF and LF both end a line, blank lines and lines starting with {@code #} are
 * skipped, whitespace around unquoted cells is trimmed. Each row keeps the line it started on, so
 * messages can name it.
 *
 * <pre>{@code
 * ManifestTable t = ManifestTable.read(Location.of("scans.csv"));
 * t.header();                       // [scan_id, t1, t2]
 * t.rows().get(0).line();           // 2
 * }</pre>
 *
 * @param header the column names, trimmed
 * @param rows the data rows, each as many cells as the header
 */
record ManifestTable(List<String> header, List<Row> rows) {
  /** One data row and the line of the file it starts on (1-based). */
  record Row(long line, Map<String, String> cells) {}

  private static final char BOM = '\uFEFF';

  /** Whether the file is tab-separated (its name ends in .tsv); else comma-separated. */
  static boolean isTsv(Location file) {
    return file.fileName().toLowerCase(Locale.ROOT).endsWith(".tsv");
  }

  /** @throws VoxtileException naming the file and line when the table is malformed */
  static ManifestTable read(Location file) {
    String text;
    try {
      text = file.readString();
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot read manifest " + file, e.getCause());
    }
    if (!text.isEmpty() && text.charAt(0) == BOM) { // what "CSV UTF-8" exports write first
      text = text.substring(1);
    }
    char delimiter = isTsv(file) ? '\t' : ',';
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(delimiter);
    settings.getFormat().setComment('#');
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setSkipEmptyLines(true);
    settings.setNullValue("");
    settings.setEmptyValue("");
    settings.setMaxCharsPerColumn(1 << 16);
    CsvParser parser = new CsvParser(settings);
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    try {
      parser.beginParsing(new StringReader(text));
      String[] record;
      List<Long> lines = recordLines(text);
      int index = 0;
      while ((record = parser.parseNext()) != null) {
        long line = index < lines.size() ? lines.get(index) : lines.isEmpty() ? 1 : lines.get(lines.size() - 1);
        index++;
        if (header == null) {
          header = Arrays.stream(record).map(String::trim).toList();
          checkDelimiter(file, header, delimiter);
        } else if (!(record.length == 1 && record[0].isEmpty())) {
          if (record.length != header.size()) {
            throw new VoxtileException(file + ": line " + line + " has " + record.length + " fields, the header "
                + header.size() + quotingHint(delimiter));
          }
          Map<String, String> cells = new LinkedHashMap<>();
          for (int c = 0; c < record.length; c++) {
            cells.put(header.get(c), record[c]);
          }
          rows.add(new Row(line, cells));
        }
      }
    } catch (TextParsingException e) {
      throw new VoxtileException(file + ": line " + (e.getLineIndex() + 1) + " cannot be read as "
          + (delimiter == ',' ? "CSV" : "TSV") + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    } finally {
      parser.stopParsing();
    }
    if (header == null) {
      throw new VoxtileException(file + ": empty manifest");
    }
    return new ManifestTable(header, rows);
  }

  /**
   * The line (1-based) each record starts on, in order: lines that are blank or start with
   * {@code #} outside a quoted field start none, and a quoted field may span lines. The parser
   * counts lines by the separator it detected, which misplaces rows after a quoted line break of
   * another kind, so the lines are counted here.
   */
  private static List<Long> recordLines(String text) {
    List<Long> starts = new ArrayList<>();
    long line = 1;
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      if (!quoted) { // at the start of a line outside quotes
        int end = i;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
          end++;
        }
        String content = text.substring(i, end);
        if (!content.isBlank() && !content.startsWith("#")) {
          starts.add(line);
          for (int k = i; k < end; k++) {
            quoted ^= text.charAt(k) == '"';
          }
        }
        i = end;
      } else {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          quoted ^= text.charAt(i) == '"';
          i++;
        }
      }
      if (i < text.length()) { // one line break: \r\n, \n or \r
        i += text.startsWith("\r\n", i) ? 2 : 1;
        line++;
      }
    }
    return starts;
  }

  /** A header of one column holding another delimiter: the file was saved with another separator. */
  private static void checkDelimiter(Location file, List<String> header, char delimiter) {
    if (header.size() != 1) {
      return;
    }
    String only = header.get(0);
    for (char other : new char[] {';', '\t', ',', '|'}) {
      if (other != delimiter && only.indexOf(other) >= 0) {
        throw new VoxtileException(file + ": the header '" + only + "' looks " + name(other) + "-separated, but "
            + (delimiter == ',' ? "a .csv manifest is comma-separated (RFC 4180); save it with commas, or as .tsv "
            + "with tabs" : "a .tsv manifest is tab-separated; save it with tabs, or as .csv with commas"));
      }
    }
  }

  private static String name(char delimiter) {
    return switch (delimiter) {
      case ';' -> "semicolon";
      case '\t' -> "tab";
      case ',' -> "comma";
      default -> "'" + delimiter + "'";
    };
  }

  private static String quotingHint(char delimiter) {
    return delimiter == ',' ? " (a path holding a comma must be quoted: \"/data/a,b/t1.nii\")" : "";
  }
}
