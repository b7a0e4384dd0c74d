package dev.syncio.demo.chat;

import dev.syncio.demo.store.Conversation;
import dev.syncio.demo.store.ConversationStore;
import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.Ids;
import dev.syncio.demo.store.MessageStore;
import dev.syncio.demo.store.UserStore;
import dev.syncio.event.ChatMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A user's conversations (with last message and unread count), and creating new ones. */
public final class Conversations {

    /** The longest accepted title. */
    public static final int MAX_TITLE = 200;
    /** The answer to member ids that are not all users: the same whichever ids exist. */
    public static final String UNKNOWN_MEMBERS = "memberIds must name existing users";

    /**
     * A conversation as one member sees it.
     *
     * @param id          the conversation id
     * @param title       its title
     * @param type        {@code group} or {@code direct}
     * @param memberIds   the members, sorted
     * @param lastMessage the newest message, or null
     * @param unreadCount messages by others after this member's read mark
     */
    public record Summary(String id, String title, String type, List<String> memberIds, ChatMessage lastMessage,
                          long unreadCount) {
    }

    private final Database database;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final UserStore users;
    private final LiveUpdates live;
    private final Ids ids;
    private final Clock clock;
    private final int maxMembers;

    /**
     * Conversations on these stores, announcing through {@code live}.
     *
     * @param maxMembers the most {@code memberIds} a new group may name
     */
    public Conversations(Database database, ConversationStore conversations, MessageStore messages, UserStore users,
                         LiveUpdates live, Ids ids, Clock clock, int maxMembers) {
        if (maxMembers < 1) {
            throw new IllegalArgumentException("maxMembers must be at least 1, was " + maxMembers);
        }
        this.maxMembers = maxMembers;
        this.database = Objects.requireNonNull(database, "database");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.users = Objects.requireNonNull(users, "users");
        this.live = Objects.requireNonNull(live, "live");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The user's conversations, most recently active first. */
    public List<Summary> listFor(String userId) {
        record Listed(Summary summary, Instant activeAt) {
        }
        List<Listed> listed = database.transaction(c -> {
            List<Listed> list = new ArrayList<>();
            for (Conversation conversation : conversations.listFor(c, userId)) {
                ChatMessage last = messages.latest(c, conversation.id()).orElse(null);
                long unread = messages.countUnread(c, conversation.id(), userId);
                list.add(new Listed(summary(conversation, last, unread),
                        last == null ? conversation.createdAt() : last.createdAt()));
            }
            return list;
        });
        // stable: equally recent conversations keep their creation order
        return listed.stream()
                .sorted(Comparator.comparing(Listed::activeAt).reversed())
                .map(Listed::summary)
                .toList();
    }

    /**
     * Creates a {@code group} conversation of {@code memberIds} and the creator, then announces
     * {@code conversation:updated} ({@code new}) to every member.
     *
     * @throws ChatException {@code INVALID} for a blank or too long title, more than
     *                       {@code maxMembers} member ids, or ids that are not all users (one message
     *                       whichever they are, so that it tells nobody which ids exist; nothing is
     *                       stored then)
     */
    public Summary create(String creatorId, String title, List<String> memberIds) {
        String cleanTitle = title == null ? "" : title.strip();
        if (cleanTitle.isEmpty()) {
            throw ChatException.invalid("title is required and must not be blank");
        }
        if (cleanTitle.length() > MAX_TITLE) {
            throw ChatException.invalid("title is longer than " + MAX_TITLE + " characters");
        }
        if (memberIds == null || memberIds.stream().anyMatch(Objects::isNull)) {
            throw ChatException.invalid("memberIds must be an array of user ids");
        }
        if (memberIds.size() > maxMembers) {
            throw ChatException.invalid("memberIds may name at most " + maxMembers + " users");
        }
        Set<String> members = new LinkedHashSet<>(memberIds);
        members.add(creatorId);
        Conversation conversation = new Conversation(ids.next("c_"), cleanTitle, Conversation.GROUP,
                List.copyOf(members), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        database.transaction(c -> {
            if (users.existing(c, members).size() != members.size()) {
                throw ChatException.invalid(UNKNOWN_MEMBERS);
            }
            conversations.insert(c, conversation, null);
            return null;
        });
        live.conversationCreated(conversation.id(), conversation.memberIds());
        return summary(conversation, null, 0);
    }

    private static Summary summary(Conversation conversation, ChatMessage last, long unread) {
        return new Summary(conversation.id(), conversation.title(), conversation.type(), conversation.memberIds(),
                last, unread);
    }
}
