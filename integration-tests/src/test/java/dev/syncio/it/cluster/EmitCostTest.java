package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an emit costs Redis, counted by Redis itself ({@code INFO commandstats}): one XADD per
 * emit, whether it reaches 2 sockets or 42, and no command per member.
 */
class EmitCostTest {

    private static final int EMITS = 20;
    /** Commands the nodes' own timers (heartbeats, dead-node checks) may send during one round. */
    private static final long TIMER_ALLOWANCE = 12;
    private static final Set<String> NOT_PER_EMIT = Set.of("xread", "info");

    private RedisServer redis;
    private ClusterNodes nodes;
    private ChatServer nodeA;
    private ChatServer nodeB;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        nodes = ClusterNodes.start(redis, 2, b -> b.nodeTimeout(Duration.ofSeconds(60)));
        nodeA = nodes.node(0);
        nodeB = nodes.node(1);
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        nodes.close();
        redis.close();
    }

    /** Commands Redis ran for {@link #EMITS} emits to everyone plus a barrier, by command. */
    private Map<String, Long> round(List<Socket> members) throws Exception {
        List<BlockingQueue<Object[]>> queues = new ArrayList<>();
        for (Socket member : members) {
            queues.add(record(member, "note"));
        }
        Map<String, Long> before = redis.commandCalls();
        for (int i = 0; i < EMITS; i++) {
            nodeA.server().emitter().toAll().emit("note", Map.of("id", "n" + i));
        }
        ClusterBarrier.pass(nodeA.server(), members.toArray(Socket[]::new));
        Map<String, Long> after = redis.commandCalls();
        for (BlockingQueue<Object[]> queue : queues) {
            assertEquals(EMITS, queue.size(), "every member got every emit once");
        }
        Map<String, Long> delta = new HashMap<>();
        after.forEach((command, calls) -> {
            long d = calls - before.getOrDefault(command, 0L);
            if (d > 0 && !NOT_PER_EMIT.contains(command)) {
                delta.put(command, d);
            }
        });
        return delta;
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void oneXaddPerEmitWhateverTheNumberOfMembers() throws Exception {
        List<Socket> members = new ArrayList<>();
        members.add(nodeA.connect(clients, "alice"));
        members.add(nodeB.connect(clients, "bob"));
        Map<String, Long> small = round(members);

        for (int i = 0; i < 20; i++) {
            members.add(nodeA.connect(clients, "user-a" + i));
            members.add(nodeB.connect(clients, "user-b" + i));
        }
        Map<String, Long> large = round(members);

        assertEquals(EMITS + 1, small.getOrDefault("xadd", 0L), "2 members: one XADD per emit (and the barrier): " + small);
        assertEquals(EMITS + 1, large.getOrDefault("xadd", 0L), "42 members: one XADD per emit (and the barrier): " + large);
        assertTrue(total(large) <= total(small) + TIMER_ALLOWANCE,
                "commands other than reads do not grow with members: 2 members " + small + ", 42 members " + large);
    }
}
