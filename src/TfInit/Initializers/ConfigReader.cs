using System.Globalization;
using System.Text.Json;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Reads one initializer's <c>config</c> (a Keras JSON object, or the values of <see cref="Initializer.GetConfig"/>),
/// with errors that name the class, the key, the value and what is allowed, and refuses keys the class does not take
/// (as Keras's constructors do). Each <see cref="IRegisteredInitializer{TSelf}.FromConfig"/> reads its keys through it.
/// </summary>
public sealed class ConfigReader
{
    private readonly string _className;
    private readonly Dictionary<string, object?> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _used = [];
    private readonly List<string> _required = [];

    // Set for the one read InitializerType makes to learn a class's defaults: required keys then yield their example.
    private readonly bool _describing;

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
            _entries[Text(property, className)] = property.Value;
        }
    }

    /// <summary>Wraps config values as <see cref="Initializer.GetConfig"/> returns them.</summary>
    /// <param name="className">The class the config belongs to, for messages.</param>
    /// <param name="config">Keys mapped to <see cref="double"/>, <see cref="long"/>, <see cref="int"/>, <see cref="string"/>, <c>int[]</c> or null.</param>
    public ConfigReader(string className, IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _className = className;
        foreach (var (key, value) in config)
        {
            _entries[key] = value;
        }
    }

    private ConfigReader(string className)
    {
        _className = className;
        _describing = true;
    }

    /// <summary>Every key the class asked for, in the order it asked.</summary>
    internal IReadOnlyList<string> Keys => _used;

    /// <summary>The keys the class requires (no default).</summary>
    internal IReadOnlyList<string> RequiredKeys => _required;

    /// <summary>A number, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public double Double(string key, double fallback)
    {
        if (!TryGet(key, out object? value))
        {
            return fallback;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            double d => d,
            long l => l,
            int i => i,
            _ => throw Invalid(key, value, "a number"),
        };
    }

    /// <summary>A number that must be present.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="example">A valid value, shown nowhere: it lets <c>tfinit list</c> build an instance to read the other defaults from.</param>
    /// <returns>The value.</returns>
    public double RequiredDouble(string key, double example) =>
        Required(key) ? Double(key, example) : throw new ArgumentException($"The config of {_className} needs '{key}' (a number).", key);

    /// <summary>An integer, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public int Int(string key, int fallback)
    {
        if (!TryGet(key, out object? value))
        {
            return fallback;
        }

        return AsInt(value) ?? throw Invalid(key, value, "an integer");
    }

    /// <summary>The seed: an integer or null (absent means null).</summary>
    /// <returns>The seed.</returns>
    public long? Seed()
    {
        if (!TryGet("seed", out object? value) || value is null or JsonElement { ValueKind: JsonValueKind.Null })
        {
            return null;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out long v) => v,
            long l => l,
            int i => i,
            _ => throw Invalid("seed", value, "an integer from 0 to 4294967295 or null"),
        };
    }

    /// <summary>A boolean (JSON true or false), or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public bool Bool(string key, bool fallback)
    {
        if (!TryGet(key, out object? value))
        {
            return fallback;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            bool b => b,
            _ => throw Invalid(key, value, "true or false"),
        };
    }

    /// <summary>A string, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public string String(string key, string fallback)
    {
        if (!TryGet(key, out object? value))
        {
            return fallback;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.String } e => Text(e, key),
            string s => s,
            _ => throw Invalid(key, value, "a string"),
        };
    }

    /// <summary>A string or null (JSON null, Python None), or <paramref name="fallback"/> when the key is absent.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public string? NullableString(string key, string? fallback)
    {
        if (!TryGet(key, out object? value))
        {
            return fallback;
        }

        return value switch
        {
            null or JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement { ValueKind: JsonValueKind.String } e => Text(e, key),
            string s => s,
            _ => throw Invalid(key, value, "a string or null"),
        };
    }

    /// <summary>A string that must be present.</summary>
    /// <param name="key">The config key.</param>
    /// <param name="example">A valid value, shown nowhere: it lets <c>tfinit list</c> build an instance to read the other defaults from.</param>
    /// <returns>The value.</returns>
    public string RequiredString(string key, string example) =>
        Required(key) ? String(key, example) : throw new ArgumentException($"The config of {_className} needs '{key}' (a string).", key);

    /// <summary>A list of integers (a JSON array or a single integer), or null when absent.</summary>
    /// <param name="key">The config key.</param>
    /// <returns>The values.</returns>
    public int[]? IntArray(string key)
    {
        if (!TryGet(key, out object? value) || value is null or JsonElement { ValueKind: JsonValueKind.Null })
        {
            return null;
        }

        if (AsInt(value) is int single)
        {
            return [single];
        }

        return value switch
        {
            int[] list => list,
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray()
                .Select(x => AsInt(x) ?? throw Invalid(key, value, "a list of integers"))
                .ToArray(),
            _ => throw Invalid(key, value, "a list of integers"),
        };
    }

    /// <summary>
    /// An array value: a JSON list, Keras's <c>__numpy__</c> / <c>__tensor__</c> object, an <see cref="ArrayValue"/>, or
    /// an <c>int[]</c> (a list of ints); null when the key is absent or holds anything else (a number, a string, null),
    /// which the class then reads with the other readers.
    /// </summary>
    /// <param name="key">The config key.</param>
    /// <returns>The array, or null.</returns>
    /// <exception cref="ArgumentException">A malformed array (ragged, non-numeric, an unknown dtype).</exception>
    public ArrayValue? Array(string key)
    {
        if (!TryGet(key, out object? value))
        {
            return null;
        }

        return value switch
        {
            JsonElement e => ArrayValue.Read(e, key),
            ArrayValue a => a,
            int[] list => new ArrayValue(list.Select(i => (double)i).ToArray(), [list.Length], "int64", ArrayForm.List, null, key),
            _ => null,
        };
    }

    /// <summary>The <c>layout</c> key: how the shape names its input and output dimensions.</summary>
    /// <param name="classDefault">The layout of the class when the key is absent: Keras's for Keras's classes, PyTorch's for PyTorch's.</param>
    /// <returns>The layout.</returns>
    public FanLayout Layout(FanLayout classDefault = FanLayout.Keras) => String("layout", classDefault == FanLayout.Torch ? "torch" : "keras") switch
    {
        "keras" => FanLayout.Keras,
        "torch" => FanLayout.Torch,
        var other => throw new ArgumentException($"Unknown layout '{other}'; allowed: keras, torch.", "layout"),
    };

    /// <summary>
    /// JAX's <c>in_axis</c>, <c>out_axis</c> and <c>batch_axis</c> keys, or null when none is given. Each is an integer or
    /// a list of integers (JAX's tuple), as JAX's variance_scaling takes them.
    /// </summary>
    /// <returns>The explicit fan axes, or null.</returns>
    public FanAxes? Axes()
    {
        int[]? inAxes = IntArray("in_axis");
        int[]? outAxes = IntArray("out_axis");
        int[]? batch = IntArray("batch_axis");
        return inAxes is null && outAxes is null && batch is null
            ? null
            : new FanAxes(inAxes ?? [-2], outAxes ?? [-1], batch ?? []);
    }

    /// <summary>Throws when the config holds a key no reader call asked for.</summary>
    /// <exception cref="ArgumentException">An unexpected key.</exception>
    public void EnsureAllUsed()
    {
        var unknown = _entries.Keys.Where(k => k != "dtype" && !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"The config of {_className} has unexpected key(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; it takes: {string.Join(", ", _used)}.",
                "config");
        }
    }

    /// <summary>A reader of the empty config that records which keys the class reads and which it requires.</summary>
    /// <param name="className">The class.</param>
    /// <returns>The reader.</returns>
    internal static ConfigReader ForDefaults(string className) => new(className);

    private static int? AsInt(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out int v) => v,
        int i => i,
        long l and >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    private bool Required(string key)
    {
        if (_describing)
        {
            _required.Add(key);
            return true;
        }

        return _entries.ContainsKey(key);
    }

    private bool TryGet(string key, out object? value)
    {
        if (!_used.Contains(key))
        {
            _used.Add(key);
        }

        return _entries.TryGetValue(key, out value);
    }

    private ArgumentException Invalid(string key, object? value, string allowed) =>
        new($"In the config of {_className}, '{key}' is {Text(value)}; it must be {allowed}.", key);

    private static string Text(object? value) => value switch
    {
        JsonElement e => e.GetRawText(),
        null => "null",
        string s => $"\"{s}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// A JSON string's text. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which is no text at all;
    /// System.Text.Json then throws InvalidOperationException, turned here into a bad-input error naming the key.
    /// </summary>
    /// <param name="element">A string element.</param>
    /// <param name="key">The config key it was read from, for the message.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">The string is not valid Unicode.</exception>
    internal static string Text(JsonElement element, string key)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"'{key}' holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", key, e);
        }
    }

    /// <summary>A JSON property's name, with the same check as <see cref="Text(JsonElement, string)"/>.</summary>
    /// <param name="property">The property.</param>
    /// <param name="owner">The class whose config holds it, for the message.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">The name is not valid Unicode.</exception>
    internal static string Text(JsonProperty property, string owner)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"The config of {owner} has a key that is not valid Unicode (a lone surrogate escape such as \\ud800).", "config", e);
        }
    }
}
