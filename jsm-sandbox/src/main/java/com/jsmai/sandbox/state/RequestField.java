package com.jsmai.sandbox.state;

/**
 * A field of a request type's portal form.
 *
 * @param fieldId Jira field id ({@code summary}, {@code description}, {@code customfield_10050})
 * @param name the label customers see
 * @param required whether the portal requires it
 * @param schemaType Jira schema type ({@code string})
 * @param system system field name, or null for custom fields
 * @param custom custom field type key, or null for system fields
 */
public record RequestField(
    String fieldId,
    String name,
    boolean required,
    String schemaType,
    String system,
    String custom) {}
