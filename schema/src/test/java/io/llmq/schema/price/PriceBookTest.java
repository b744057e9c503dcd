package io.llmq.schema.price;

import io.llmq.schema.catalogue.Price;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PriceBookTest {
    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");

    private static PriceVersion version(Instant from, String input) {
        return new PriceVersion("openai", "m", from, new Price(new BigDecimal(input), null, BigDecimal.ONE), PriceVersion.CATALOGUE);
    }

    @Test
    void shouldAnswerWithTheVersionInForceAtTheGivenInstant() {
        var book = new PriceBook(() -> List.of(version(FEB, "2"), version(JAN, "1")), Clock.fixed(FEB, ZoneOffset.UTC), Duration.ofHours(1));
        assertThat(book.inForce("m", JAN.minusSeconds(1))).isEmpty();
        assertThat(book.inForce("m", JAN).orElseThrow().price().inputPerMtok()).isEqualByComparingTo("1");
        assertThat(book.inForce("m", FEB.minusMillis(1)).orElseThrow().price().inputPerMtok()).isEqualByComparingTo("1");
        assertThat(book.inForce("m", FEB).orElseThrow().price().inputPerMtok()).isEqualByComparingTo("2");
        assertThat(book.pricedAt(JAN)).containsExactly("m");
        assertThat(book.pricedAt(JAN.minusSeconds(1))).isEmpty();
    }

    @Test
    void shouldReadTheDatabaseOncePerTtlButAgainBeforeSayingAModelHasNoPrice() {
        var reads = new AtomicInteger();
        List<PriceVersion> table = new ArrayList<>();
        var book = new PriceBook(() -> {
            reads.incrementAndGet();
            return List.copyOf(table);
        }, Clock.fixed(FEB, ZoneOffset.UTC), Duration.ofHours(1));
        assertThat(book.inForceNow("m")).isEmpty();
        assertThat(book.inForceNow("m")).isEmpty();
        assertThat(reads).hasValue(1);

        table.add(version(JAN, "1"));
        assertThat(book.inForceNow("m")).as("the copy is within its TTL").isEmpty();
        assertThat(book.inForceNowChecked("m")).isPresent();
        assertThat(reads).hasValue(2);
    }
}
