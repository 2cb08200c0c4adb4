package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** An ordered set of candidates with unique names. */
public final class Pool implements Iterable<Candidate> {
  private final List<Candidate> candidates;

  private Pool(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      throw new InvalidInputException("pool: empty; give at least one candidate");
    }
    Set<String> names = new HashSet<>();
    for (Candidate c : candidates) {
      if (!names.add(c.name())) {
        throw InvalidInputException.field("pool", c.name(), "duplicate candidate name");
      }
    }
    this.candidates = List.copyOf(candidates);
  }

  /** A pool of the given candidates, in order. */
  public static Pool of(List<Candidate> candidates) {
    return new Pool(candidates);
  }

  /** A pool with one candidate per spec, named after the spec. */
  public static Pool ofSpecs(List<String> specs) {
    List<Candidate> list = new ArrayList<>();
    for (String s : specs) {
      list.add(Candidate.of(s));
    }
    return new Pool(list);
  }

  /** The candidates in order. */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** Number of candidates. */
  public int size() {
    return candidates.size();
  }

  /** The candidate with this name. */
  public Candidate get(String name) {
    for (Candidate c : candidates) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw InvalidInputException.field("candidate", name, "not in the pool");
  }

  @Override
  public Iterator<Candidate> iterator() {
    return candidates.iterator();
  }
}
