package dev.playtrace.server.http;

import dev.playtrace.model.PlaytraceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParametersTest {
    @Test
    void percentEncodedArrayKeysAsMuxNodeSendsThem() {
        RequestParameters parameters = RequestParameters.parse(
                "timeframe%5B%5D=1795308591&timeframe%5B%5D=1795394991&filters%5B%5D=%21country%3AUS&filters[]=browser%3AChrome%20Mobile");

        assertThat(parameters.all("timeframe")).containsExactly("1795308591", "1795394991");
        assertThat(parameters.all("filters")).containsExactly("!country:US", "browser:Chrome Mobile");
    }

    @Test
    void integerOutsideItsRangeIsAClientError() {
        RequestParameters parameters = RequestParameters.parse("limit=0&page=abc");

        assertThatThrownBy(() -> parameters.integer("limit", 1, 100))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("limit must be between 1 and 100");
        assertThatThrownBy(() -> parameters.integer("page", 1, 100))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("page must be an integer");
    }

    @Test
    void malformedPercentEncodingIsAClientError() {
        assertThatThrownBy(() -> RequestParameters.parse("filters[]=country%3"))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("malformed percent-encoding");
    }
}
