using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TfInit.Initializers;
using TfInit.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Filling;

/// <summary>Where the TfInit streams of <see cref="Init"/> and <see cref="InitPolicy"/> get their seeds.</summary>
internal static class Seeds
{
    /// <summary>
    /// One seed drawn from <paramref name="generator"/> (torch's global generator when null), so that
    /// <c>torch.manual_seed</c> or a seeded <see cref="Generator"/> makes the fill reproducible, and consecutive fills
    /// differ as consecutive torch draws do.
    /// </summary>
    /// <param name="generator">The generator, or null for torch's global one.</param>
    /// <returns>A Philox stream keyed by the drawn seed (0 to 2^32 - 1).</returns>
    public static PhiloxStream From(Generator? generator)
    {
        using var draw = torch.randint(0, RandomInitializer.MaxSeed + 1, new long[] { 1 }, ScalarType.Int64, generator: generator);
        return new PhiloxStream(draw.item<long>());
    }

    /// <summary>
    /// The name-keyed seed of one parameter: the first 32 bits (little-endian) of SHA-256 over the UTF-8 text
    /// <c>"{seed}/{qualifiedName}"</c>. A parameter's values then depend on the model seed and its own name only, not on
    /// which other layers exist or in what order they are visited; SHA-256 gives the same bits on every machine.
    /// </summary>
    /// <param name="seed">The seed given to <see cref="ModuleInitialization.Initialize"/>.</param>
    /// <param name="qualifiedName">The parameter's name in the module (e.g. <c>fc.weight</c>).</param>
    /// <returns>A seed from 0 to 2^32 - 1.</returns>
    public static long ForName(long seed, string qualifiedName)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{qualifiedName}"), hash);
        return BinaryPrimitives.ReadUInt32LittleEndian(hash);
    }
}
