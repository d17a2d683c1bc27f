using System.Text.Json;
using TfInit.Initializers;

namespace TfInit.Serialization;

/// <summary>
/// Every initializer TfInit knows, under Keras's class names, their snake_case forms and Keras's aliases
/// (<c>normal</c>, <c>uniform</c>, <c>one</c>, <c>zero</c>, <c>OrthogonalInitializer</c>, ...). An unknown name is
/// an error that lists the valid ones: nothing falls back silently to glorot_uniform. The names come from the
/// classes (<see cref="InitializerType.All"/>); nothing is listed here by hand.
/// </summary>
public static class InitializerRegistry
{
    private static readonly Dictionary<string, InitializerType> ByName = BuildIndex();

    /// <summary>The class names, in the order <c>tfinit list</c> shows them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = InitializerType.All.Select(t => t.ClassName).ToArray();

    /// <summary>Every accepted name: class names, snake_case forms and aliases.</summary>
    public static IReadOnlyList<string> Names { get; } = InitializerType.All.SelectMany(t => t.Aliases.Prepend(t.ClassName)).ToArray();

    /// <summary>The aliases of a class name (its snake_case form first).</summary>
    /// <param name="className">A class name from <see cref="ClassNames"/>.</param>
    /// <returns>The aliases.</returns>
    public static IReadOnlyList<string> AliasesOf(string className) => Find(className).Aliases;

    /// <summary>The formula of a class, in one line, for <c>tfinit list</c>.</summary>
    /// <param name="className">A class name from <see cref="ClassNames"/>.</param>
    /// <returns>The formula.</returns>
    public static string FormulaOf(string className) => Find(className).Formula;

    /// <summary>The class called <paramref name="name"/>.</summary>
    /// <param name="name">A class name or alias (case-sensitive, as in Keras).</param>
    /// <returns>The class's entry.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones).</exception>
    public static InitializerType Find(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new ArgumentException($"Unknown initializer '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Creates the initializer called <paramref name="name"/> from its config.</summary>
    /// <param name="name">A class name or alias (case-sensitive, as in Keras).</param>
    /// <param name="config">The config object; undefined or null for the defaults.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones) or a bad config.</exception>
    public static Initializer Create(string name, JsonElement config) =>
        Find(name).FromConfig(new ConfigReader(name, config));

    private static Dictionary<string, InitializerType> BuildIndex()
    {
        var index = new Dictionary<string, InitializerType>(StringComparer.Ordinal);
        foreach (var type in InitializerType.All)
        {
            foreach (string key in type.Aliases.Prepend(type.ClassName))
            {
                index.Add(key, type);
            }
        }

        return index;
    }
}
