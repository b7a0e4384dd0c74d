package dev.syncio.demo.api;

/**
 * The JSON of every error response: {@code {"error": {"code", "message"}}}.
 *
 * @param error the code and message
 */
public record ErrorBody(Detail error) {

    /**
     * @param code    machine-readable: {@code invalid_payload}, {@code unauthorized}, {@code forbidden},
     *                {@code not_found}, {@code conflict}, {@code internal}, ...
     * @param message for people
     */
    public record Detail(String code, String message) {
    }

    /** An error body. */
    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
