package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.TopicGrants.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.Principal;
import dev.syncio.TopicAccess;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host's {@link TopicAccess} as the client sees it: an answer that comes later is waited for,
 * and every way a policy can fail (it throws, its stage fails, its executor refuses) means
 * {@code forbidden}, with the socket left connected. The principal it is asked about is the
 * token's user.
 */
class TopicAccessPolicyTest {

    private final JavaClients clients = new JavaClients();
    private final ExecutorService hostDatabase = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-db"));
    private ChatServer chat;

    @AfterEach
    void stop() {
        clients.close();
        if (chat != null) {
            chat.close();
        }
        hostDatabase.shutdownNow();
    }

    private Socket aliceOn(TopicAccess access) {
        chat = ChatServer.start(b -> b.topicAccess(access));
        return chat.connect(clients, "alice");
    }

    @Test
    void anAnswerThatCompletesLaterIsWaitedFor() {
        List<String> asked = new CopyOnWriteArrayList<>();
        Socket alice = aliceOn((principal, topic) -> {
            asked.add(principal.userId() + " " + topic);
            // the host looks it up elsewhere and answers a little later, on another thread
            return CompletableFuture.supplyAsync(() -> topic.equals("orders"),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        });

        JSONObject allowed = subscribe(alice, "orders");
        assertEquals(true, allowed.opt("ok"), allowed::toString);
        assertEquals("orders", allowed.opt("topic"));
        assertEquals("forbidden", errorCode(subscribe(alice, "prices")));
        assertEquals(List.of("alice orders", "alice prices"), asked, "asked once per subscribe, about the token's user");
        assertEquals(Set.of("user:alice", "topic:orders"), chat.serverSocket(alice).rooms());
    }

    @Test
    void aPolicyThatThrowsMeansForbidden() {
        Socket alice = aliceOn((principal, topic) -> {
            throw new IllegalStateException("policy failed (expected by the test)");
        });

        assertEquals("forbidden", errorCode(subscribe(alice, "orders")));
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());
        assertTrue(alice.connected(), "the socket stays connected");
    }

    @Test
    void aFailedStageMeansForbidden() {
        Socket alice = aliceOn((principal, topic) ->
                CompletableFuture.failedFuture(new IllegalStateException("database down (expected by the test)")));

        assertEquals("forbidden", errorCode(subscribe(alice, "orders")));
        assertTrue(alice.connected(), "the socket stays connected");
    }

    @Test
    void aBlockingPredicateThatThrowsMeansForbidden() {
        Socket alice = aliceOn(TopicAccess.blocking((Principal principal, String topic) -> {
            throw new IllegalStateException("predicate failed (expected by the test)");
        }));

        assertEquals("forbidden", errorCode(subscribe(alice, "orders")));
        assertTrue(alice.connected(), "the socket stays connected");
    }

    @Test
    void theHostsBlockingCheckRunsOnTheHostsExecutor() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Socket alice = aliceOn(TopicAccess.blocking((principal, topic) -> {
            threads.add(Thread.currentThread().getName());
            return topic.equals("orders");
        }, hostDatabase));

        assertEquals(true, subscribe(alice, "orders").opt("ok"));
        assertEquals("forbidden", errorCode(subscribe(alice, "prices")));
        assertEquals(Set.of("host-db"), threads, "never a callback thread of syncio");
    }

    @Test
    void anExecutorThatRefusesTheCheckMeansForbidden() {
        Socket alice = aliceOn(TopicAccess.blocking((principal, topic) -> true, task -> {
            throw new RejectedExecutionException("queue full (expected by the test)");
        }));

        assertEquals("forbidden", errorCode(subscribe(alice, "orders")));
        assertTrue(alice.connected(), "the socket stays connected");
    }
}
