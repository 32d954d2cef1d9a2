package dev.concord.web;

/** Every error the API returns: a short error name and a sentence saying what was wrong. */
public record ErrorBody(String error, String detail) {
}
