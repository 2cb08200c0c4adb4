package dev.lag.trainer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaptrScheduleTest {
  @Test
  void pathsKeepTheEndsRunInOrderAndScaleTheMiddle() {
    RaptrSchedule s = RaptrSchedule.parse("4:100,6:100,8:100", 8, 300);
    int[] kept = new int[8];
    int draws = 4000;
    for (int step = 0; step < draws; step++) {
      RaptrSchedule.Path p = s.path(step % 100, 8, step / 100);
      assertEquals(4, p.layers().length);
      assertEquals(0, p.layers()[0]);
      assertEquals(7, p.layers()[3]);
      assertTrue(p.layers()[1] < p.layers()[2], "in model order");
      assertArrayEquals(new float[] {1f, 3f, 3f, 1f}, p.scales(), "(L-2)/(p-2) = 6/2");
      for (int layer : p.layers()) {
        kept[layer]++;
      }
    }
    for (int layer = 1; layer < 7; layer++) {
      // Each middle layer is kept with probability 2/6; 4000 draws: 3 sigma is about 0.022.
      assertEquals(1.0 / 3, kept[layer] / (double) draws, 0.025, "layer " + layer);
    }
    assertEquals(6, s.path(150, 8, 1).layers().length);
    assertArrayEquals(RaptrSchedule.Path.full(8).layers(), s.path(250, 8, 1).layers());
    assertArrayEquals(s.path(37, 8, 5).layers(), s.path(37, 8, 5).layers(), "pure in (seed, step)");
  }

  @Test
  void equalStagesWhenNoStepsAreGiven() {
    RaptrSchedule s = RaptrSchedule.parse("2,3,4", 4, 10);
    assertEquals(List.of(3, 3, 4), s.stageSteps());
    assertEquals(2, s.pathLength(2));
    assertEquals(3, s.pathLength(3));
    assertEquals(4, s.pathLength(9));
    assertNull(RaptrSchedule.parse("", 4, 10));
  }

  @Test
  void badSchedulesNameTheKey() {
    for (String bad : new String[] {"1,4", "4,3", "9", "a,b", "2:5,4"}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> RaptrSchedule.parse(bad, 8, 100));
      assertTrue(e.getMessage().startsWith("raptr=" + bad), e.getMessage());
    }
    InvalidInputException deeper =
        assertThrows(
            InvalidInputException.class,
            () -> RunConfig.DEFAULT.withAssignments(List.of("layers=4", "raptr=2,6")));
    assertTrue(deeper.getMessage().contains("layers=4"), deeper.getMessage());
  }
}
