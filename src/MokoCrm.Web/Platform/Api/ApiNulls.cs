using System.Reflection;
using System.Text.Json;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// A native PATCH clears what it sets to null: a field left out keeps its value, a field sent as <c>null</c> empties
/// the screen's form field of the same name (docs/adr/0014-rest-api.md, addendum). Whether the record may be left
/// without it is the screen's validator's call (a customer or a name cannot be emptied: 400 naming the field).
/// </summary>
public static class ApiNulls
{
    /// <summary>The top-level fields of the JSON object body sent as <c>null</c>, by the names the client wrote.</summary>
    public static async Task<IReadOnlyList<string>> SentAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = await ApiBody.ReadAsync(request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Null).Select(p => p.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return []; // the body was already refused by the typed read
        }
    }

    /// <summary>
    /// Empties on <paramref name="form"/> each field named in <paramref name="names"/>: null where the form can hold
    /// nothing, "" for a text the form always has (its validator then says whether empty is allowed); a field that
    /// cannot be empty at all (a yes/no, a kind) is a 400. A name the form does not have is left alone.
    /// </summary>
    public static void Clear(object form, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(names);
        var refused = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var property = form.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite || property.GetSetMethod() is null)
            {
                continue;
            }

            var type = property.PropertyType;
            if (Nullable.GetUnderlyingType(type) is not null
                || (!type.IsValueType && new NullabilityInfoContext().Create(property).WriteState != NullabilityState.NotNull))
            {
                property.SetValue(form, null);
            }
            else if (type == typeof(string))
            {
                property.SetValue(form, "");
            }
            else
            {
                refused[name] = [$"'{name}' cannot be emptied: send a value, or leave it out to keep the current one."];
            }
        }

        if (refused.Count > 0)
        {
            throw ApiException.BadRequest("Some fields cannot be emptied.", refused);
        }
    }
}
