package com.jsmai.plugin.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StageTimelineTest {
  @AfterEach
  void off() {
    StageTimeline.record(null);
  }

  @Test
  void mark_withoutRecorder_recordsNothing_withOne_recordsStageDetailThreadInOrder() {
    List<StageTimeline.Mark> marks = new CopyOnWriteArrayList<>();
    StageTimeline.mark("before");

    StageTimeline.record(marks::add);
    StageTimeline.mark("inbox store", "ISSUE_CREATED");
    StageTimeline.mark("> model");
    StageTimeline.record(null);
    StageTimeline.mark("after");

    assertThat(marks)
        .extracting(StageTimeline.Mark::stage)
        .containsExactly("inbox store ISSUE_CREATED", "> model");
    assertThat(marks.get(0).thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(marks.get(1).nanos()).isGreaterThanOrEqualTo(marks.get(0).nanos());
  }
}
