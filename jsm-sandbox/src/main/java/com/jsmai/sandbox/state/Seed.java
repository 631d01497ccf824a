package com.jsmai.sandbox.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.sandbox.Flavor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fixed world the sandbox starts from: one service desk "Retail Support" (project SD), three
 * request types, a few knowledge-base articles, an admin, an agent, the assistant's bot account and
 * the customers (from {@code users.json} when given, else {@link GeneratedCustomers}).
 *
 * <p>Ids and credentials are deterministic so tests and demo configuration can name them.
 */
public record Seed(
    List<Account> accounts,
    List<ServiceDesk> serviceDesks,
    List<RequestType> requestTypes,
    List<Article> articles,
    String customerSource) {

  public static final String ORDER_NUMBER_FIELD = "customfield_10050";
  public static final String REQUEST_TYPE_FIELD = "customfield_10010";
  public static final List<String> PRIORITIES =
      List.of("Highest", "High", "Medium", "Low", "Lowest");
  public static final String DEFAULT_PRIORITY = "Medium";

  /** Link types by name: {@code {id, inward, outward}}. */
  public static final Map<String, String[]> LINK_TYPES =
      Map.of(
          "Relates", new String[] {"10003", "relates to", "relates to"},
          "Blocks", new String[] {"10000", "is blocked by", "blocks"},
          "Duplicate", new String[] {"10002", "is duplicated by", "duplicates"},
          "Cloners", new String[] {"10001", "is cloned by", "clones"});

  public Seed {
    accounts = List.copyOf(accounts);
    serviceDesks = List.copyOf(serviceDesks);
    requestTypes = List.copyOf(requestTypes);
    articles = List.copyOf(articles);
  }

  /**
   * Builds the seed.
   *
   * @param flavor decides the bot's account type (app on Cloud, a normal user on Data Center)
   * @param usersJson {@code users.json} of the retail-orders data set, or null for generated people
   */
  public static Seed create(Flavor flavor, Path usersJson) {
    List<Account> accounts = new ArrayList<>();
    accounts.add(
        staff("admin", "Jira Admin", "admin@retail.example", AccountType.ATLASSIAN, true, 0));
    accounts.add(
        staff("agent", "Alex Agent", "alex.agent@retail.example", AccountType.ATLASSIAN, false, 1));
    accounts.add(
        staff(
            "ai-assistant",
            "AI Assistant",
            "ai-assistant@retail.example",
            flavor.isCloud() ? AccountType.APP : AccountType.ATLASSIAN,
            false,
            2));
    String source;
    int index = 10;
    if (usersJson != null && Files.isRegularFile(usersJson)) {
      source = usersJson.toString();
      for (JsonNode user : readUsers(usersJson)) {
        accounts.add(
            customer(
                user.get("_id").asText(),
                user.path("name").path("first_name").asText(),
                user.path("name").path("last_name").asText(),
                user.path("email").asText(),
                index++));
      }
    } else {
      source = "generated";
      for (GeneratedCustomers.Person p : GeneratedCustomers.people()) {
        accounts.add(customer(p.userId(), p.firstName(), p.lastName(), p.email(), index++));
      }
    }
    ServiceDesk desk = new ServiceDesk("1", "10000", "SD", "Retail Support");
    RequestField summary = new RequestField("summary", "Summary", true, "string", "summary", null);
    RequestField description =
        new RequestField("description", "Description", false, "string", "description", null);
    RequestField orderNumber =
        new RequestField(
            ORDER_NUMBER_FIELD,
            "Order number",
            false,
            "string",
            null,
            "com.atlassian.jira.plugin.system.customfieldtypes:textfield");
    List<RequestType> types =
        List.of(
            new RequestType(
                "1",
                "1",
                "Where is my order?",
                "Ask where an order is or when it arrives",
                "Give us your order number (for example #W1234567) so we can look it up.",
                "10004",
                List.of(summary, description, orderNumber)),
            new RequestType(
                "2",
                "1",
                "Returns and refunds",
                "Return an item or ask about a refund",
                "Tell us which order and items you want to return.",
                "10004",
                List.of(summary, description)),
            new RequestType(
                "3",
                "1",
                "General question",
                "Anything else",
                "Ask us anything.",
                "10004",
                List.of(summary, description)));
    List<Article> articles =
        List.of(
            new Article(
                "9001",
                "RS",
                "How to track your order",
                "Every shipped order has a tracking number. Open the order in your account or ask"
                    + " us with your order number (for example #W1234567) and we send the tracking"
                    + " link. Pending orders have no tracking number yet."),
            new Article(
                "9002",
                "RS",
                "Returns policy",
                "Delivered items can be returned within 30 days. Items must be unused and in their"
                    + " original packaging. Start a return from the Returns and refunds request type."),
            new Article(
                "9003",
                "RS",
                "Refund timelines",
                "Refunds go back to the original payment method within 5 to 10 business days after"
                    + " we receive the returned item. Gift card refunds are instant."),
            new Article(
                "9004",
                "RS",
                "Change the shipping address of an order",
                "The address of a pending order can be changed until it is processed. Processed"
                    + " and delivered orders cannot be redirected."),
            new Article(
                "9005",
                "RS",
                "Cancel an order",
                "Pending orders can be cancelled at no cost. Once an order is processed it can no"
                    + " longer be cancelled, but it can be returned after delivery."));
    return new Seed(accounts, List.of(desk), types, articles, source);
  }

  private static List<JsonNode> readUsers(Path usersJson) {
    try {
      JsonNode root =
          new ObjectMapper().readTree(Files.readString(usersJson, StandardCharsets.UTF_8));
      List<JsonNode> out = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = root.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().hasNonNull("email")) {
          continue;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = e.getValue().deepCopy();
        copy.put("_id", e.getKey());
        out.add(copy);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read users from " + usersJson + ": " + e.getMessage(), e);
    }
  }

  private static Account staff(
      String username, String name, String email, AccountType type, boolean admin, int index) {
    return new Account(
        hex24(username),
        username,
        "JIRAUSER" + (10000 + index),
        name,
        email,
        type,
        admin,
        username + "-api-token",
        username + "-pat",
        username + "-password",
        "Europe/London");
  }

  private static Account customer(
      String userId, String first, String last, String email, int index) {
    String accountId =
        "qm:"
            + UUID.nameUUIDFromBytes(userId.getBytes(StandardCharsets.UTF_8))
            + ":"
            + hex24(userId);
    return new Account(
        accountId,
        userId,
        "JIRAUSER" + (10000 + index),
        (first + " " + last).trim(),
        email,
        AccountType.CUSTOMER,
        false,
        userId + "-api-token",
        userId + "-pat",
        userId + "-password",
        "America/New_York");
  }

  /** A deterministic 24-hex-digit id in the style of Cloud account ids. */
  static String hex24(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
