using TfInit.Initializers;
using TfInit.Nonlinearities;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary>
/// What an initializer argument on the command line may be: anything <see cref="KerasJson.Deserialize"/> reads, or the
/// shorthand <c>he_for:ACTIVATION</c> for <see cref="Gain.HeFor"/> (VarianceScaling with scale = the computed gain squared).
/// </summary>
internal static class InitializerArgument
{
    /// <summary>The shorthand's prefix.</summary>
    public const string HeFor = "he_for:";

    /// <summary>Reads <paramref name="text"/>; <paramref name="flag"/> names the option in error messages.</summary>
    /// <exception cref="UsageException">he_for: with an activation <see cref="Gain.Compute(string)"/> does not know.</exception>
    /// <exception cref="ArgumentException">Whatever <see cref="KerasJson.Deserialize"/> refuses.</exception>
    public static Initializer Parse(string text, string flag)
    {
        if (!text.StartsWith(HeFor, StringComparison.Ordinal))
        {
            return KerasJson.Deserialize(text);
        }

        string activation = text[HeFor.Length..];
        if (!ScalarActivations.Names.Contains(activation))
        {
            throw new UsageException(
                $"{flag} '{text}': unknown activation '{activation}' after {HeFor}; allowed: {string.Join(", ", ScalarActivations.Names)}.");
        }

        return Gain.HeFor(activation);
    }
}
