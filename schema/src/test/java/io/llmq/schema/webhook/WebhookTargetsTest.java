package io.llmq.schema.webhook;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTargetsTest {

    @Test
    void shouldRefuseEveryKindOfInternalAddress() {
        for (var host : new String[] {"127.0.0.1", "10.0.0.8", "172.16.5.5", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "224.0.0.251", "[::1]", "[fe80::1]", "[fd00:ec2::254]", "[::ffff:127.0.0.1]", "[ff02::1]"}) {
            assertThat(WebhookTargets.resolve(host, false)).as(host).isInstanceOf(WebhookTargets.Resolution.Refused.class);
        }
    }

    @Test
    void shouldAllowPublicAddressesAndPrivateOnesWhenTheOperatorSaysSo() {
        assertThat(WebhookTargets.resolve("93.184.215.14", false)).isInstanceOf(WebhookTargets.Resolution.Allowed.class);
        assertThat(WebhookTargets.resolve("[2606:4700::1111]", false)).isInstanceOf(WebhookTargets.Resolution.Allowed.class);
        assertThat(WebhookTargets.resolve("127.0.0.1", true)).isInstanceOf(WebhookTargets.Resolution.Allowed.class);
    }

    @Test
    void shouldNotTakeAnEmptyHostForLocalhost() {
        assertThat(WebhookTargets.resolve("", true)).isInstanceOf(WebhookTargets.Resolution.Unresolvable.class);
    }

    @Test
    void shouldReadTheSettingStrictly() {
        assertThat(WebhookTargets.allowPrivate(Map.of())).isFalse();
        assertThat(WebhookTargets.allowPrivate(Map.of(WebhookTargets.ALLOW_PRIVATE_SETTING, " TRUE "))).isTrue();
        assertThat(WebhookTargets.allowPrivate(Map.of(WebhookTargets.ALLOW_PRIVATE_SETTING, "false"))).isFalse();
        assertThatThrownBy(() -> WebhookTargets.allowPrivate(Map.of(WebhookTargets.ALLOW_PRIVATE_SETTING, "yes")))
                .hasMessageContaining(WebhookTargets.ALLOW_PRIVATE_SETTING).hasMessageContaining("yes");
    }
}
