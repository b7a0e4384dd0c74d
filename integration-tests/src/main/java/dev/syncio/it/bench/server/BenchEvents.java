package dev.syncio.it.bench.server;

/**
 * The event contract every bench server (syncio, the netty-socketio baseline, the Node server in
 * {@code integration-tests/bench/node/}) implements, so one load generator drives all of them.
 *
 * <ul>
 *   <li>CONNECT auth {@code {"token": jwt}}: an HS256 JWT with {@link #ISSUER}; {@code sub} is the user.</li>
 *   <li>{@code join_conversation {conversationId}} with an ack {@code {ok: true, conversationId, ...}}:
 *       an allow-all policy; the socket joins the conversation's room.</li>
 *   <li>{@code send_message {conversationId, text, sentAt}}: emitted to the conversation's room as
 *       {@code message:new {conversationId, text, sentAt}} (the sender's own sockets included).</li>
 *   <li>{@code bench:stats} with an ack: runs a full GC and acks {@code {heapUsed}} in bytes, so heap
 *       per connection is measured the same way on every server.</li>
 * </ul>
 */
public final class BenchEvents {

    /** The {@code iss} every bench token carries and every bench server requires. */
    public static final String ISSUER = "syncio-bench";
    public static final String JOIN = "join_conversation";
    public static final String SEND = "send_message";
    public static final String MESSAGE_NEW = "message:new";
    public static final String STATS = "bench:stats";
    /** What a bench server prints on stdout once it accepts connections. */
    public static final String READY_LINE = "BENCH-SERVER-READY";

    private BenchEvents() {
    }
}
