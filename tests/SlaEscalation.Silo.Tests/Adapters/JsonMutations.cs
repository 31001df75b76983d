using System.Text.Json.Nodes;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>
/// Every way of breaking one place of a sample payload: each value (the whole payload included) replaced by a value
/// of another shape, and each property or array item removed. What a vendor, a proxy or an attacker might send.
/// </summary>
public static class JsonMutations
{
    private static readonly Func<JsonNode?>[] OddValues =
    [
        () => null, () => 0, () => -1, () => 1.5, () => 1e308, () => -1e308, () => long.MaxValue, () => JsonNode.Parse("18446744073709551616"),
        () => "", () => " ", () => new string('x', 5000), () => "\u0000", () => "9999-12-31T23:59:59Z", () => "0001-01-01T00:00:00Z",
        () => "2026-02-30T00:00:00Z", () => "NaN", () => "a:b:c", () => true, () => new JsonArray(), () => new JsonObject(),
        () => new JsonArray((JsonNode?)null), () => new JsonArray(new JsonArray()), () => new JsonObject { ["a"] = new JsonArray(new JsonObject()) },
    ];

    /// <summary>The mutations of <paramref name="sample"/>, each named by the JSON pointer it broke and how.</summary>
    public static IEnumerable<(string Name, JsonNode? Payload)> Of(JsonNode sample)
    {
        foreach (var pointer in Pointers(sample, ""))
        {
            for (var i = 0; i < OddValues.Length; i++)
            {
                var value = OddValues[i]();
                yield return ($"{pointer} = {value?.ToJsonString() ?? "null"}", Replace(sample, pointer, value));
            }

            if (pointer.Length > 0)
            {
                yield return ($"{pointer} removed", Replace(sample, pointer, null, remove: true));
            }
        }
    }

    private static IEnumerable<string> Pointers(JsonNode? node, string at)
    {
        yield return at;
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    foreach (var p in Pointers(child, $"{at}/{name}"))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var p in Pointers(a[i], $"{at}/{i}"))
                    {
                        yield return p;
                    }
                }

                break;
        }
    }

    private static JsonNode? Replace(JsonNode sample, string pointer, JsonNode? value, bool remove = false)
    {
        if (pointer.Length == 0)
        {
            return value;
        }

        var copy = sample.DeepClone();
        var parts = pointer[1..].Split('/');
        var parent = parts[..^1].Aggregate(copy, (node, part) => node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!);
        var last = parts[^1];
        switch (parent)
        {
            case JsonArray array:
                var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
                if (remove)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = value;
                }

                break;
            case JsonObject obj:
                if (remove)
                {
                    obj.Remove(last);
                }
                else
                {
                    obj[last] = value;
                }

                break;
        }

        return copy;
    }
}
