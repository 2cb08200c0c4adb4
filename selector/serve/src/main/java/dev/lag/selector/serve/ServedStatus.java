package dev.lag.selector.serve;

import java.util.Locale;

/** Where a served selection stands, as the API says it. */
enum ServedStatus {
  /** The policy has not picked: reports are still taken. */
  OPEN,
  /** The policy picked; the pick is final. */
  DECIDED;

  /** The lower-case name the API writes. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
