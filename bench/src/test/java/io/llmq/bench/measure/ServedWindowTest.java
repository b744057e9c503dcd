package io.llmq.bench.measure;

import io.llmq.simulator.limits.ServedLog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServedWindowTest {

    @Test
    void shouldCountSecondsWithoutTrafficAsIdleRatherThanShrinkTheWindow() {
        var log = List.of(new ServedLog.Second(100, 10, 500, 1), new ServedLog.Second(101, 10, 500, 0));

        var window = ServedWindow.of(log, 100, 106);

        assertThat(window.seconds()).isEqualTo(6);
        assertThat(window.calls()).isEqualTo(20);
        assertThat(window.callsPerMinute()).isEqualTo(200.0);
        assertThat(window.tokensPerMinute()).isEqualTo(10_000.0);
        assertThat(window.http429()).isEqualTo(1);
    }

    @Test
    void shouldLeaveOutSecondsBeforeAndAfterTheWindow() {
        var log = List.of(new ServedLog.Second(99, 50, 5000, 9), new ServedLog.Second(100, 10, 500, 0),
                new ServedLog.Second(101, 70, 7000, 9));

        var window = ServedWindow.of(log, 100, 101);

        assertThat(window.calls()).isEqualTo(10);
        assertThat(window.tokens()).isEqualTo(500);
        assertThat(window.http429()).isZero();
    }

    @Test
    void shouldRefuseAnEmptyWindow() {
        assertThatThrownBy(() -> ServedWindow.of(List.of(), 5, 5)).hasMessageContaining("at least one second");
    }
}
