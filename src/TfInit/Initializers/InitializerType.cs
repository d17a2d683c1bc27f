using System.Text;
using System.Text.Json;

namespace TfInit.Initializers;

/// <summary>
/// One initializer class as the registry sees it: its names, formula, defaults and config keys, all taken from the
/// class's <see cref="IRegisteredInitializer{TSelf}"/> members and from one instance made from the empty config.
/// <see cref="All"/> holds every class of this assembly that implements the interface: adding an initializer is adding
/// its file (the TfInit.Generators source generator writes the list, <c>Registered</c>, at compile time).
/// </summary>
public sealed partial class InitializerType
{
    private static readonly Lazy<InitializerType[]> Catalogue = new(Discover);
    private static readonly Lazy<Dictionary<Type, InitializerType>> ByType = new(() => Catalogue.Value.ToDictionary(t => t.Type));

    private readonly Func<ConfigReader, Initializer> _fromConfig;
    private readonly Lazy<Description> _description;

    private InitializerType(Type type, string formula, int listOrder, IReadOnlyList<string> moreAliases, IReadOnlyList<string> constructorOrder, Func<ConfigReader, Initializer> fromConfig)
    {
        ConstructorOrder = constructorOrder;
        Type = type;
        Formula = formula;
        ListOrder = listOrder;
        Aliases = [SnakeCase(type.Name), .. moreAliases];
        _fromConfig = fromConfig;
        _description = new(Describe);
    }

    /// <summary>Every registered initializer class, in <see cref="ListOrder"/>.</summary>
    public static IReadOnlyList<InitializerType> All => Catalogue.Value;

    /// <summary>The class.</summary>
    public Type Type { get; }

    /// <summary>The class name, as written in Keras JSON (<c>class_name</c>).</summary>
    public string ClassName => Type.Name;

    /// <summary>The other accepted names: the snake_case form of <see cref="ClassName"/> first, then <see cref="IRegisteredInitializer{TSelf}.MoreAliases"/>.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The one-line formula (<see cref="IRegisteredInitializer{TSelf}.Formula"/>).</summary>
    public string Formula { get; }

    /// <summary>The position in <c>tfinit list</c> (<see cref="IRegisteredInitializer{TSelf}.ListOrder"/>).</summary>
    public int ListOrder { get; }

    /// <summary>The Python constructor's parameter order when it differs from <see cref="ConfigKeys"/>' (<see cref="IRegisteredInitializer{TSelf}.ConstructorOrder"/>); empty otherwise.</summary>
    public IReadOnlyList<string> ConstructorOrder { get; }

    /// <summary>The module written in Keras 3 JSON (<see cref="Initializer.Module"/>).</summary>
    public string Module => _description.Value.Module;

    /// <summary>
    /// The config of an instance made from the empty config (<see cref="Initializer.GetConfig"/>: Keras's order and keys).
    /// The keys in <see cref="RequiredKeys"/> hold an example value there, not a default.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Defaults => _description.Value.Defaults;

    /// <summary>The keys a config must give (no default), e.g. Sparse's <c>sparsity</c>.</summary>
    public IReadOnlyList<string> RequiredKeys => _description.Value.RequiredKeys;

    /// <summary>Every key the config may hold, in the order the class reads them (e.g. <c>seed</c> for a random initializer, <c>layout</c> for one that reads fans).</summary>
    public IReadOnlyList<string> ConfigKeys => _description.Value.ConfigKeys;

    /// <summary>The registered class of <paramref name="initializer"/>.</summary>
    /// <param name="initializer">An initializer.</param>
    /// <returns>Its type entry.</returns>
    /// <exception cref="ArgumentException">Its class does not implement <see cref="IRegisteredInitializer{TSelf}"/> (or is not in this assembly).</exception>
    public static InitializerType Of(Initializer initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return ByType.Value.TryGetValue(initializer.GetType(), out var type)
            ? type
            : throw new ArgumentException(
                $"{initializer.GetType().FullName} is not a registered initializer: it must implement IRegisteredInitializer<{initializer.GetType().Name}> in the TfInit assembly.",
                nameof(initializer));
    }

    /// <summary>Keras's <c>from_config</c>: a new instance from a Keras JSON config object.</summary>
    /// <param name="config">The config object; undefined or null for the defaults.</param>
    /// <returns>The new initializer.</returns>
    /// <exception cref="ArgumentException">A bad value or an unexpected key (the message names it).</exception>
    public Initializer FromConfig(JsonElement config) => FromConfig(new ConfigReader(ClassName, config));

    /// <summary>Keras's <c>from_config</c>: a new instance from config values as <see cref="Initializer.GetConfig"/> returns them.</summary>
    /// <param name="config">The config values.</param>
    /// <returns>The new initializer.</returns>
    /// <exception cref="ArgumentException">A bad value or an unexpected key (the message names it).</exception>
    public Initializer FromConfig(IReadOnlyDictionary<string, object?> config) => FromConfig(new ConfigReader(ClassName, config));

    /// <summary>Reads a new instance through <paramref name="reader"/> and refuses keys the class did not ask for.</summary>
    /// <param name="reader">The config.</param>
    /// <returns>The new initializer.</returns>
    internal Initializer FromConfig(ConfigReader reader)
    {
        var initializer = _fromConfig(reader);
        reader.EnsureAllUsed();
        return initializer;
    }

    /// <summary>
    /// Keras's <c>to_snake_case</c>: <c>HeNormal</c> to <c>he_normal</c>, <c>STFT</c> to <c>stft</c>. Its two
    /// substitutions, re.sub("(.)([A-Z][a-z]+)", r"\1_\2") then re.sub("([a-z])([A-Z])", r"\1_\2"), as scans that
    /// match where the regular expressions match (leftmost first, then on after the match): the names are made at
    /// startup, and building a Regex there cost a cold <c>tfinit</c> run more than the rest of the registry.
    /// </summary>
    internal static string SnakeCase(string name)
    {
        var words = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length;)
        {
            // (.)([A-Z][a-z]+): any character, then an upper-case letter and at least one lower-case one (taken greedily).
            if (i + 2 < name.Length && char.IsAsciiLetterUpper(name[i + 1]) && char.IsAsciiLetterLower(name[i + 2]))
            {
                words.Append(name[i]).Append('_').Append(name[i + 1]);
                for (i += 2; i < name.Length && char.IsAsciiLetterLower(name[i]); i++)
                {
                    words.Append(name[i]);
                }
            }
            else
            {
                words.Append(name[i++]);
            }
        }

        var snake = new StringBuilder(words.Length + 8);
        for (int i = 0; i < words.Length; i++)
        {
            // ([a-z])([A-Z]): a lower-case letter, then an upper-case one; the pair is consumed, as the match consumes it.
            snake.Append(words[i]);
            if (i + 1 < words.Length && char.IsAsciiLetterLower(words[i]) && char.IsAsciiLetterUpper(words[i + 1]))
            {
                snake.Append('_').Append(words[++i]);
            }
        }

        return snake.ToString().ToLowerInvariant();
    }

    private static InitializerType[] Discover()
    {
        var types = Registered();
        Array.Sort(types, static (a, b) => a.ListOrder.CompareTo(b.ListOrder));
        return types;
    }

    private static InitializerType Register<T>()
        where T : Initializer, IRegisteredInitializer<T> =>
        new(typeof(T), T.Formula, T.ListOrder, T.MoreAliases, T.ConstructorOrder, c => T.FromConfig(c));

    private Description Describe()
    {
        var reader = ConfigReader.ForDefaults(ClassName);
        var instance = _fromConfig(reader);
        return new Description(instance.Module, instance.GetConfig(), reader.RequiredKeys, reader.Keys);
    }

    private sealed record Description(
        string Module, IReadOnlyDictionary<string, object?> Defaults, IReadOnlyList<string> RequiredKeys, IReadOnlyList<string> ConfigKeys);
}
