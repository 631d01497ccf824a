package com.jsmai.plugin.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jsmai.plugin.conversation.TicketState;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one test of "the assistant's comment" that the reply pipeline and the agent panel share: by
 * author, by recorded id, or by the comment-property mark, the mark read only when the first two do
 * not already tell, and once per comment.
 */
class OwnCommentsTest {
  static final User ANA = new User("acc-ana", "Ana Lima", "ana@example.com", "customer");
  static final User SHARED = new User("acc-shared", "Support team", null, "atlassian");
  static final String KEY = "SD-1";

  final FakeJira fake = new FakeJira(new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
  final PropertyReadRecordingJira jira = new PropertyReadRecordingJira(fake);

  {
    fake.createTicket(KEY, ANA, "Order", "Where is my order?", Map.of());
  }

  void mark(Comment c) {
    fake.setCommentProperty(
        KEY,
        c.id(),
        ReplyOrchestrator.COMMENT_PROPERTY,
        JsonNodeFactory.instance.objectNode().put("eventId", "d-1").put("kind", "reply"));
  }

  @Test
  void test_eachWayOfBeingOurs_isOursAndOthersAreNot() {
    Comment byAuthor = fake.addComment(KEY, "by the assistant's account", true);
    Comment recorded = fake.agentComment(KEY, SHARED, "recorded in the state", true);
    Comment marked = fake.agentComment(KEY, SHARED, "carries the mark", true);
    Comment human = fake.agentComment(KEY, SHARED, "a person on the shared account", true);
    Comment customer = fake.customerComment(KEY, ANA, "thanks");
    mark(marked);
    TicketState state = TicketState.initial().withEffectDone("d-0", recorded.id(), true);

    OwnComments own = OwnComments.of(jira, KEY, FakeJira.ASSISTANT, state);

    assertThat(own.test(byAuthor)).isTrue();
    assertThat(own.test(recorded)).isTrue();
    assertThat(own.test(marked)).isTrue();
    assertThat(own.test(human)).isFalse();
    assertThat(own.test(customer)).isFalse();
  }

  @Test
  void test_knownByAuthorOrRecordedId_readsNoProperty() {
    Comment byAuthor = fake.addComment(KEY, "by the assistant's account", true);
    Comment recorded = fake.agentComment(KEY, SHARED, "recorded in the state", true);
    TicketState state = TicketState.initial().withEffectDone("d-0", recorded.id(), true);

    OwnComments own = OwnComments.of(jira, KEY, FakeJira.ASSISTANT, state);
    own.test(byAuthor);
    own.test(recorded);

    assertThat(jira.propertyReads).isEmpty();
  }

  @Test
  void test_sameCommentTestedTwice_readsItsPropertyOnce() {
    Comment human = fake.agentComment(KEY, SHARED, "a person on the shared account", true);
    OwnComments own = OwnComments.of(jira, KEY, FakeJira.ASSISTANT, TicketState.initial());

    own.test(human);
    own.test(human);
    own.isMarked(human);

    assertThat(jira.propertyReads).containsExactly(human.id());
  }

  @Test
  void mark_clientWithoutPropertyReads_isEmpty() {
    Comment marked = fake.agentComment(KEY, SHARED, "carries the mark", true);
    mark(marked);
    JiraClient blind = new PropertyBlindJira(fake);

    assertThat(OwnComments.mark(blind, KEY, marked)).isEmpty();
    assertThat(OwnComments.mark(jira, KEY, marked)).isPresent();
  }

  /** FakeJira that records which comments' properties were read. */
  static final class PropertyReadRecordingJira extends PropertyBlindJira
      implements CommentPropertyReader {
    final List<String> propertyReads = new ArrayList<>();

    PropertyReadRecordingJira(FakeJira fake) {
      super(fake);
    }

    @Override
    public Optional<JsonNode> getCommentProperty(
        String issueKey, String commentId, String propertyKey) {
      propertyReads.add(commentId);
      return fake.getCommentProperty(issueKey, commentId, propertyKey);
    }
  }

  /** FakeJira behind a client that cannot read comment properties (no CommentPropertyReader). */
  static class PropertyBlindJira implements JiraClient {
    final FakeJira fake;

    PropertyBlindJira(FakeJira fake) {
      this.fake = fake;
    }

    @Override
    public Ticket getTicket(String issueKey) {
      return fake.getTicket(issueKey);
    }

    @Override
    public List<Comment> getComments(String issueKey) {
      return fake.getComments(issueKey);
    }

    @Override
    public Comment addComment(String issueKey, String body, boolean isPublic) {
      return fake.addComment(issueKey, body, isPublic);
    }

    @Override
    public Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey) {
      return fake.getIssueProperty(issueKey, propertyKey);
    }

    @Override
    public void setIssueProperty(String issueKey, String propertyKey, JsonNode value) {
      fake.setIssueProperty(issueKey, propertyKey, value);
    }

    @Override
    public void setCommentProperty(
        String issueKey, String commentId, String propertyKey, JsonNode value) {
      fake.setCommentProperty(issueKey, commentId, propertyKey, value);
    }

    @Override
    public User myself() {
      return fake.myself();
    }

    @Override
    public List<Ticket> recentRequestsOf(String accountId, int limit) {
      return fake.recentRequestsOf(accountId, limit);
    }

    @Override
    public void transition(String issueKey, String transitionName, String comment) {
      fake.transition(issueKey, transitionName, comment);
    }

    @Override
    public void setPriority(String issueKey, String priorityName) {
      fake.setPriority(issueKey, priorityName);
    }

    @Override
    public void addLabels(String issueKey, List<String> labels) {
      fake.addLabels(issueKey, labels);
    }

    @Override
    public Ticket createLinkedRequest(
        String issueKey,
        String serviceDeskId,
        String requestTypeId,
        String summary,
        String description) {
      return fake.createLinkedRequest(issueKey, serviceDeskId, requestTypeId, summary, description);
    }
  }
}
