package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.SyncServer;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.ConversationChange;
import dev.syncio.event.MessageStatus;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.SharedRedis;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one real redis-server, the real Java client on each: every emit kind, from any
 * node, reaches each target socket on every node exactly once. alice is on node A, bob's phone on
 * B and his laptop on C, carol on C; all of them are in conversation {@code c1}.
 */
class ClusterDeliveryTest {

    @RegisterExtension
    static final SharedRedis redis = new SharedRedis();

    private ClusterNodes nodes;
    private JavaClients clients;
    private Socket alice;
    private Socket bobPhone;
    private Socket bobLaptop;
    private Socket carol;

    @BeforeEach
    void start() {
        nodes = ClusterNodes.start(redis.server(), 3, b -> { });
        clients = new JavaClients();
        alice = node(0).connect(clients, "alice");
        bobPhone = node(1).connect(clients, "bob");
        bobLaptop = node(2).connect(clients, "bob");
        carol = node(2).connect(clients, "carol");
        for (Socket socket : List.of(alice, bobPhone, bobLaptop, carol)) {
            joinOk(socket, "c1");
        }
    }

    @AfterEach
    void stop() {
        clients.close();
        nodes.close();
    }

    private ChatServer node(int index) {
        return nodes.node(index);
    }

    /**
     * The {@code id}s of the {@code note} events each socket got from {@code emit}, which runs on
     * node {@code from}; a barrier from the same node closes the window.
     */
    private List<List<String>> deliver(int from, String event, Consumer<SyncServer> emit, Socket... sockets) {
        List<BlockingQueue<Object[]>> queues = new ArrayList<>();
        for (Socket socket : sockets) {
            queues.add(record(socket, event));
        }
        emit.accept(node(from).server());
        ClusterBarrier.pass(node(from).server(), sockets);
        List<List<String>> received = new ArrayList<>();
        for (BlockingQueue<Object[]> queue : queues) {
            List<String> ids = new ArrayList<>();
            for (Object[] args : queue) {
                ids.add(payload(args).optString("id"));
            }
            received.add(ids);
        }
        return received;
    }

    private static Map<String, String> note(String id) {
        return Map.of("id", id);
    }

    @Test
    void conversationEmitFromEachNodeReachesEveryMemberOnEveryNodeOnce() {
        for (int from = 0; from < 3; from++) {
            String id = "conv-from-" + from;
            assertEquals(List.of(List.of(id), List.of(id), List.of(id), List.of(id)),
                    deliver(from, "note", node -> node.emitter().toConversation("c1").emit("note", note(id)),
                            alice, bobPhone, bobLaptop, carol), "from node " + from);
        }
    }

    @Test
    void userEmitReachesEachDeviceOfTheUserOnOtherNodesOnly() {
        assertEquals(List.of(List.of(), List.of("u"), List.of("u"), List.of()),
                deliver(0, "note", node -> node.emitter().toUser("bob").emit("note", note("u")),
                        alice, bobPhone, bobLaptop, carol));
    }

    @Test
    void emitToAllReachesEverySocketOfEveryNode() {
        assertEquals(List.of(List.of("all"), List.of("all"), List.of("all"), List.of("all")),
                deliver(1, "note", node -> node.emitter().toAll().emit("note", note("all")),
                        alice, bobPhone, bobLaptop, carol));
    }

    @Test
    void exceptLeavesOutOneSocketOnAnotherNode() {
        String phone = bobPhone.id();
        assertEquals(List.of(List.of("x"), List.of(), List.of("x"), List.of("x")),
                deliver(2, "note", node -> node.emitter().toConversation("c1").except(phone).emit("note", note("x")),
                        alice, bobPhone, bobLaptop, carol));
    }

    @Test
    void aSocketInSeveralTargetedRoomsGetsTheEventOnce() {
        assertEquals(List.of(List.of("both"), List.of("both"), List.of("both"), List.of("both")),
                deliver(0, "note", node -> node.emitter().toConversation("c1").toUser("bob").toUser("carol")
                        .emit("note", note("both")), alice, bobPhone, bobLaptop, carol));
    }

    @Test
    void typedHelpersCrossNodes() {
        ChatMessage message = new ChatMessage("m1", "c1", "alice", "hello", Instant.now(), null);
        List<List<String>> news = deliver(0, "message:new", node -> node.emitter().messageNew(message),
                alice, bobPhone, bobLaptop, carol);
        news.forEach(ids -> assertEquals(1, ids.size(), "message:new once per socket: " + news));
        List<List<String>> statuses = deliver(1, "message:status", node -> node.emitter()
                        .messageStatus("c1", "m1", MessageStatus.READ, "bob", Instant.now()),
                alice, bobPhone, bobLaptop, carol);
        statuses.forEach(ids -> assertEquals(1, ids.size(), "message:status once per socket: " + statuses));
        List<List<String>> updates = deliver(2, "conversation:updated", node -> node.emitter()
                        .conversationUpdated("c9", ConversationChange.NEW, List.of("alice", "bob")),
                alice, bobPhone, bobLaptop, carol);
        assertEquals(1, updates.get(0).size(), "alice: " + updates);
        assertEquals(1, updates.get(1).size(), "bob's phone: " + updates);
        assertEquals(1, updates.get(2).size(), "bob's laptop: " + updates);
        assertEquals(0, updates.get(3).size(), "carol is not a member: " + updates);
    }

    @Test
    void hostEventOnOneNodeReachesTheConversationOnOthersExceptTheSender() {
        List<BlockingQueue<Object[]>> queues = new ArrayList<>();
        for (Socket socket : List.of(alice, bobPhone, bobLaptop, carol)) {
            queues.add(record(socket, "message:new"));
        }
        // ChatServer's send_message emits message:new to c1 except the sending socket
        call(bobPhone, "send_message", Map.of("conversationId", "c1", "text", "from B"));
        ClusterBarrier.pass(node(1).server(), alice, bobPhone, bobLaptop, carol);
        assertEquals(List.of(1, 0, 1, 1), queues.stream().map(BlockingQueue::size).toList());
    }
}
