package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code lag bank horizon} on lag's own bank: one row per regime, whose studies add up to the
 * bank's; each horizon's cost is what reading every candidate there costs (the losers to the lag,
 * every candidate's cooldown probe); and "what it would take" names the cheapest of those rows. The
 * bank grows with every study, so nothing here pins a figure the next study could move.
 */
class BankHorizonCliTest {
  private static final Pattern HEADER =
      Pattern.compile("(\\d+) of the bank's (\\d+) studies ran every operator of the pool");
  private static final Pattern ROW =
      Pattern.compile(
          "\\| (\\d+) \\| (\\S+) \\| (\\d+) \\| (\\d+|not found) \\| [^|]+ \\| (\\S+) \\|");
  private static final Pattern TAKE =
      Pattern.compile("what it would take: .* from step (\\d+) of (\\d+)-step (\\S+) stages");

  /** One regime's row: its stage length, schedule, studies, horizon (-1: none) and its cost. */
  private record Row(long stage, String schedule, int studies, long horizon, double cost) {}

  @Test
  void everyRegimeItsHorizonAndTheCheapestReading() {
    for (String pool : List.of("", "stack-top,midas,interleave,zero-new")) {
      List<String> args = new ArrayList<>(List.of("bank", "horizon", "--stage", "400"));
      if (!pool.isEmpty()) {
        args.addAll(List.of("--pool", pool));
      }
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.err());
      int candidates = pool.isEmpty() ? 8 : 4;
      assertTrue(r.out().contains("(" + candidates + " candidates)"), r.out());
      Matcher header = HEADER.matcher(r.out());
      assertTrue(header.find(), r.out());
      List<Row> rows = rows(r.out());
      assertEquals(
          Integer.parseInt(header.group(1)),
          rows.stream().mapToInt(Row::studies).sum(),
          "every study is in one regime's row: " + r.out());
      Row cheapest = null;
      for (Row row : rows) {
        if (row.horizon() < 0) {
          continue;
        }
        // Reading at the horizon trains every candidate but the one kept to it; a cooldown scorer
        // adds its probe, which every candidate takes (the default scorer, anneal, takes none).
        double probe = r.out().startsWith("scorer cooldown(20)") ? 20.0 : 0;
        double cost = ((candidates - 1) * row.horizon() + candidates * probe) / row.stage();
        assertEquals(String.format(Locale.ROOT, "%.2f", cost), fmt(row.cost()), r.out());
        if (row.horizon() < row.stage() && (cheapest == null || cost < cheapest.cost())) {
          cheapest = row;
        }
      }
      Matcher take = TAKE.matcher(r.out());
      if (cheapest == null) {
        assertTrue(r.out().contains("what it would take: in no regime of the bank"), r.out());
      } else {
        assertTrue(take.find(), r.out());
        // The row it names costs the least (another row may cost as much).
        Row named =
            rows.stream()
                .filter(
                    x ->
                        x.horizon() == Long.parseLong(take.group(1))
                            && x.stage() == Long.parseLong(take.group(2))
                            && x.schedule().equals(take.group(3)))
                .findFirst()
                .orElseThrow();
        assertEquals(cheapest.cost(), named.cost(), 1e-9, r.out());
      }
    }
  }

  private static List<Row> rows(String printed) {
    List<Row> rows = new ArrayList<>();
    Matcher m = ROW.matcher(printed);
    while (m.find()) {
      boolean found = !m.group(4).equals("not found");
      rows.add(
          new Row(
              Long.parseLong(m.group(1)),
              m.group(2),
              Integer.parseInt(m.group(3)),
              found ? Long.parseLong(m.group(4)) : -1,
              found ? Double.parseDouble(m.group(5)) : Double.NaN));
    }
    assertTrue(rows.size() >= 2, printed);
    return rows;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
