using System.Text.Json;

namespace TfInit.Serialization;

/// <summary>
/// Reads one initializer's <c>config</c> object, with errors that name the class, the key, the value and
/// what is allowed, and refuses keys the class does not take (as Keras's constructors do).
/// </summary>
public sealed class ConfigReader
{
    private readonly string _className;
    private readonly Dictionary<string, JsonElement> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal) { "dtype" };

    /// <summary>Wraps a config object.</summary>
    /// <param name="className">The class the config belongs to, for messages.</param>
    /// <param name="config">A JSON object, or an undefined/null element for an empty config.</param>
    /// <exception cref="ArgumentException">The config is not a JSON object.</exception>
    public ConfigReader(string className, JsonElement config)
    {
        _className = className;
        if (config.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The config of {className} must be a JSON object; got {config.ValueKind}.", "config");
        }

        foreach (var property in config.EnumerateObject())
        {
            _entries[KerasJson.Text(property, className)] = property.Value;
        }
    }

    /// <summary>A number, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public double Double(string key, double fallback)
    {
        if (!TryGet(key, out var e))
        {
            return fallback;
        }

        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Invalid(key, e, "a number");
    }

    /// <summary>A number that must be present.</summary>
    /// <param name="key">The config key.</param>
    /// <returns>The value.</returns>
    public double RequiredDouble(string key) =>
        TryGet(key, out _) ? Double(key, 0) : throw new ArgumentException($"The config of {_className} needs '{key}' (a number).", key);

    /// <summary>An integer, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public int Int(string key, int fallback)
    {
        if (!TryGet(key, out var e))
        {
            return fallback;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : throw Invalid(key, e, "an integer");
    }

    /// <summary>The seed: an integer or null (absent means null).</summary>
    /// <returns>The seed.</returns>
    public long? Seed()
    {
        if (!TryGet("seed", out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v)
            ? v
            : throw Invalid("seed", e, "an integer from 0 to 4294967295 or null");
    }

    /// <summary>A string, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public string String(string key, string fallback)
    {
        if (!TryGet(key, out var e))
        {
            return fallback;
        }

        return e.ValueKind == JsonValueKind.String ? KerasJson.Text(e, key) : throw Invalid(key, e, "a string");
    }

    /// <summary>A string that must be present.</summary>
    /// <param name="key">The config key.</param>
    /// <returns>The value.</returns>
    public string RequiredString(string key) =>
        TryGet(key, out _) ? String(key, "") : throw new ArgumentException($"The config of {_className} needs '{key}' (a string).", key);

    /// <summary>A list of integers (a JSON array or a single integer), or null when absent.</summary>
    /// <param name="key">The config key.</param>
    /// <returns>The values.</returns>
    public int[]? IntArray(string key)
    {
        if (!TryGet(key, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int single))
        {
            return [single];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(key, e, "a list of integers");
        }

        return e.EnumerateArray()
            .Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int v) ? v : throw Invalid(key, e, "a list of integers"))
            .ToArray();
    }

    /// <summary>One axis: an integer or a one-element list (Keras writes tuples), or null when absent.</summary>
    /// <param name="key">The config key.</param>
    /// <returns>The axis.</returns>
    /// <exception cref="ArgumentException">The list is empty or names more than one axis.</exception>
    public int? Axis(string key)
    {
        int[]? axes = IntArray(key);
        return axes switch
        {
            null => null,
            [int one] => one,
            _ => throw new ArgumentException(
                $"The config of {_className} has '{key}': [{string.Join(", ", axes)}]; it takes one axis (an integer, or a list of one).", key),
        };
    }

    /// <summary>Throws when the config holds a key no reader call asked for.</summary>
    /// <exception cref="ArgumentException">An unexpected key.</exception>
    public void EnsureAllUsed()
    {
        var unknown = _entries.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"The config of {_className} has unexpected key(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; it takes: {string.Join(", ", _used.Where(k => k != "dtype"))}.",
                "config");
        }
    }

    private bool TryGet(string key, out JsonElement value)
    {
        _used.Add(key);
        return _entries.TryGetValue(key, out value);
    }

    private ArgumentException Invalid(string key, JsonElement e, string allowed) =>
        new($"In the config of {_className}, '{key}' is {e.GetRawText()}; it must be {allowed}.", key);
}
