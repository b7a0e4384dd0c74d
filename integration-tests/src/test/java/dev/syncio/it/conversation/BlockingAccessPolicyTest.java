package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.ConversationAccess;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A policy that does I/O runs on the host's executor ({@code ConversationAccess.blocking(predicate,
 * executor)}), never on syncio's callback threads; an executor that refuses the check means no.
 */
class BlockingAccessPolicyTest {

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

    @Test
    void theHostsBlockingCheckRunsOnTheHostsExecutor() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        chat = ChatServer.start(b -> b.conversationAccess(ConversationAccess.blocking((principal, id) -> {
            threads.add(Thread.currentThread().getName());
            return id.equals("c1");
        }, hostDatabase)));
        Socket alice = chat.connect(clients, "alice");

        assertEquals(true, join(alice, "c1").opt("ok"));
        assertEquals("forbidden", errorCode(join(alice, "c2")));
        assertEquals(Set.of("host-db"), threads, "never a callback thread of syncio");
    }

    @Test
    void anExecutorThatRefusesTheCheckMeansNo() {
        chat = ChatServer.start(b -> b.conversationAccess(ConversationAccess.blocking((principal, id) -> true,
                task -> {
                    throw new RejectedExecutionException("queue full (expected by the test)");
                })));
        Socket alice = chat.connect(clients, "alice");

        JSONObject refused = join(alice, "c1");
        assertEquals("forbidden", errorCode(refused));
        assertTrue(chat.server().stats().connectedSockets() >= 1, "the socket stays connected");
    }
}
