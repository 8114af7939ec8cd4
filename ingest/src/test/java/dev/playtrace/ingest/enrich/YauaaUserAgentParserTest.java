package dev.playtrace.ingest.enrich;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Real User-Agent strings through the real yauaa analyzer; all tests share one analyzer (about 5 s to build). */
class YauaaUserAgentParserTest {
    private static final YauaaUserAgentParser PARSER = YauaaUserAgentParser.shared();

    @Test
    void desktopChromeOnWindows() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.DESKTOP);
        assertThat(info.browserName()).isEqualTo("Chrome");
        assertThat(info.browserVersion()).isEqualTo("120");
        assertThat(info.osFamily()).isEqualTo("Windows");
        assertThat(info.deviceManufacturer()).isNull();
        assertThat(info.deviceModel()).isNull();
    }

    @Test
    void iPhoneSafari() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1");

        assertThat(info).isEqualTo(new UserAgentInfo("Safari", "17", "iOS", "17.1.2", DeviceCategory.PHONE, "Apple", "iPhone"));
    }

    @Test
    void iPadIsATablet() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.TABLET);
        assertThat(info.osFamily()).isEqualTo("iOS");
        assertThat(info.deviceModel()).isEqualTo("iPad");
    }

    @Test
    void androidTabletWithItsManufacturerAndModel() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.TABLET);
        assertThat(info.osFamily()).isEqualTo("Android");
        assertThat(info.osVersion()).isEqualTo("13");
        assertThat(info.deviceManufacturer()).isEqualTo("Samsung");
        assertThat(info.deviceModel()).isEqualTo("SM-X700");
    }

    @Test
    void samsungTizenTvHasNoBrowserNameRatherThanAVersionNumber() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " 76.0.3809.146/6.0 TV Safari/537.36");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.TV);
        assertThat(info.osFamily()).isEqualTo("Tizen");
        assertThat(info.deviceManufacturer()).isEqualTo("Samsung");
        assertThat(info.browserName()).isNull();
    }

    @Test
    void lgWebOsTv() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/87.0.4280.88 Safari/537.36 WebAppManager");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.TV);
        assertThat(info.deviceManufacturer()).isEqualTo("LG");
    }

    @Test
    void playStationIsAConsole() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.CONSOLE);
        assertThat(info.deviceManufacturer()).isEqualTo("Sony");
        assertThat(info.deviceModel()).isEqualTo("PlayStation 5");
    }

    @Test
    void googlebotIsABot() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        assertThat(info.deviceCategory()).isEqualTo(DeviceCategory.BOT);
        assertThat(info.browserName()).isEqualTo("Googlebot");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36 | phone
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15 | desktop
            Roku/DVP-12.0 (12.0.0.4182-88) | tv
            Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 Mobile Safari/537.36 | tv
            Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393 | console
            Mozilla/5.0 (X11; U; Linux armv7l like Android; en-us) AppleWebKit/531.2+ (KHTML, like Gecko) Version/5.0 Safari/531.2+ Kindle/3.0+ | tablet
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) OculusBrowser/30.0 SamsungBrowser/4.0 Chrome/118.0 VR Safari/537.36 | wearable
            curl/8.4.0 | bot
            ' or 1=1 -- | bot
            """)
    void moreDevices(String userAgent, String category) {
        assertThat(PARSER.parse(userAgent).deviceCategory().wireName()).isEqualTo(category);
    }

    @Test
    void attackStringsTellNothingButTheirCategory() {
        assertThat(PARSER.parse("' or 1=1 --")).isEqualTo(new UserAgentInfo(null, null, null, null, DeviceCategory.BOT, null, null));
    }

    @Test
    void missingOrBlankUserAgentIsUnknown() {
        assertThat(PARSER.parse(null)).isEqualTo(UserAgentInfo.UNKNOWN);
        assertThat(PARSER.parse("  ")).isEqualTo(UserAgentInfo.UNKNOWN);
    }

    @Test
    void macOsVersionKeepsYauaasLowerBound() {
        UserAgentInfo info = PARSER.parse("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.1 Safari/605.1.15");

        assertThat(info.osFamily()).isEqualTo("macOS");
        assertThat(info.osVersion()).isEqualTo(">=10.15.7");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Desktop | desktop
            Anonymized | unknown
            Mobile | phone
            Phone | phone
            Tablet | tablet
            eReader | tablet
            TV | tv
            Set-top box | tv
            Game Console | console
            Handheld Game Console | console
            Watch | wearable
            Augmented Reality | wearable
            Virtual Reality | wearable
            Robot | bot
            Robot Mobile | bot
            Robot Imitator | bot
            Hacker | bot
            Voice | unknown
            Home Appliance | unknown
            Car | unknown
            Unknown | unknown
            """)
    void deviceClassMapping(String deviceClass, String category) {
        assertThat(YauaaUserAgentParser.categoryOf(deviceClass).wireName()).isEqualTo(category);
    }
}
