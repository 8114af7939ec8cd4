package dev.playtrace.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event names a player may report, in the long-form (mux-embed compatible) vocabulary. */
public enum EventName {
    VIEWINIT("viewinit"),
    PLAYERREADY("playerready"),
    VIEWSTART("viewstart"),
    VIEWEND("viewend"),
    PLAY("play"),
    PLAYING("playing"),
    PAUSE("pause"),
    LOADSTART("loadstart"),
    RATECHANGE("ratechange"),
    WAITING("waiting"),
    SEEKING("seeking"),
    SEEKED("seeked"),
    ENDED("ended"),
    REBUFFERSTART("rebufferstart"),
    REBUFFEREND("rebufferend"),
    RENDITIONCHANGE("renditionchange"),
    ERROR("error"),
    HEARTBEAT("hb"),
    TIMEUPDATE("timeupdate"),
    ORIENTATIONCHANGE("orientationchange"),
    REQUESTCOMPLETED("requestcompleted"),
    REQUESTFAILED("requestfailed"),
    REQUESTCANCELED("requestcanceled"),
    NETWORKCHANGE("networkchange"),
    CDNCHANGE("cdnchange"),
    PLAYBACKMODECHANGE("playbackmodechange"),
    DEVICESLEEP("devicesleep"),
    DEVICEWAKE("devicewake"),
    EVENTRATEEXCEEDED("eventrateexceeded"),
    VIDEOCHANGE("videochange"),
    PROGRAMCHANGE("programchange"),
    /** mux-embed: the selected text track (captions) changed; stored, no effect on playback metrics. */
    TEXTTRACKCHANGE("texttrackchange"),
    /** mux-embed: the selected audio track changed; stored, no effect on playback metrics. */
    AUDIOTRACKCHANGE("audiotrackchange"),
    ADREQUEST("adrequest"),
    ADRESPONSE("adresponse"),
    ADBREAKSTART("adbreakstart"),
    ADPLAY("adplay"),
    ADPLAYING("adplaying"),
    ADPAUSE("adpause"),
    ADFIRSTQUARTILE("adfirstquartile"),
    ADMIDPOINT("admidpoint"),
    ADTHIRDQUARTILE("adthirdquartile"),
    ADENDED("adended"),
    ADBREAKEND("adbreakend"),
    ADERROR("aderror"),
    /** Inserted by the server when it closes a view after the inactivity timeout; never accepted from a client. */
    VIEWDROPPED("viewdropped");

    private static final Map<String, EventName> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventName::wireName, Function.identity()));

    private final String wireName;

    EventName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The event for a client-sent name; the server-only {@link #VIEWDROPPED} is not accepted from clients. */
    public static Optional<EventName> fromClient(String wireName) {
        EventName name = BY_WIRE_NAME.get(wireName);
        if (name == VIEWDROPPED) {
            return Optional.empty();
        }
        return Optional.ofNullable(name);
    }

    public static Optional<EventName> fromWire(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
