package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmcdLineParserTest {

    @Test
    void readsStringsTokensNumbersAndBooleans() throws CmcdSyntaxException {
        Map<String, Object> report = CmcdLineParser.parse(
                "bs,cid=\"vid-1\",e=ps,pr=1.25,sid=\"s-1\",sn=3,st=v,su=?0,ts=1795390036000");

        assertThat(report).containsExactly(
                Map.entry("bs", true), Map.entry("cid", "vid-1"), Map.entry("e", "ps"),
                Map.entry("pr", new BigDecimal("1.25")), Map.entry("sid", "s-1"), Map.entry("sn", 3L),
                Map.entry("st", "v"), Map.entry("su", false), Map.entry("ts", 1_795_390_036_000L));
    }

    @Test
    void unescapesQuotesAndBackslashesAndKeepsCommasInStrings() throws CmcdSyntaxException {
        Map<String, Object> report = CmcdLineParser.parse("cid=\"a \\\"b\\\", c\\\\d\", sid=\"x\"");

        assertThat(report).containsEntry("cid", "a \"b\", c\\d").containsEntry("sid", "x");
    }

    @Test
    void innerListKeepsEveryItemAndParametersAreDropped() throws CmcdSyntaxException {
        Map<String, Object> report = CmcdLineParser.parse(
                "br=(3000;v 1500),com.example-x=\"y\";p=1,ot=v,ec=(\"E1\" \"E2\");q=2,nor=()");

        assertThat(report).containsExactly(Map.entry("br", List.of(3000L, 1500L)), Map.entry("com.example-x", "y"),
                Map.entry("ot", "v"), Map.entry("ec", List.of("E1", "E2")), Map.entry("nor", List.of()));
    }

    /** RFC 8941 §4.2.2: a dictionary key given twice keeps its last value; the report is still valid. */
    @Test
    void repeatedKeyKeepsTheLastValue() throws CmcdSyntaxException {
        assertThat(CmcdLineParser.parse("sn=1,sid=\"a\",sn=2")).containsExactly(Map.entry("sid", "a"), Map.entry("sn", 2L));
    }

    @Test
    void badReportsNameTheProblem() {
        assertThatThrownBy(() -> CmcdLineParser.parse("sid=\"open")).hasMessage("the string value of \"sid\" has no closing quote");
        assertThatThrownBy(() -> CmcdLineParser.parse("cid=hello world"))
                .hasMessage("expected ',' after the value of \"cid\" at character 11, found 'w'");
        assertThatThrownBy(() -> CmcdLineParser.parse("sid=,sn=1"))
                .hasMessageContaining("the value of \"sid\" is missing");
        assertThatThrownBy(() -> CmcdLineParser.parse("SID=\"x\"")).hasMessageStartingWith("expected a key");
        assertThatThrownBy(() -> CmcdLineParser.parse("sn=1,")).hasMessage("the report ends with ','");
        assertThatThrownBy(() -> CmcdLineParser.parse("bs=?x")).hasMessage("the boolean value of \"bs\" is neither ?1 nor ?0");
    }
}
