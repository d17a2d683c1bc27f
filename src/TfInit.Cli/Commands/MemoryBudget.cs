using System.Globalization;

namespace TfInit.Cli.Commands;

/// <summary>
/// Refuses, before any allocation, work whose memory cannot fit: .NET ends the process with "Out of memory." and
/// SIGABRT when a large allocation fails, which no handler can turn into a message. The estimate counts the arrays a
/// command keeps at once; the limit is what the GC may use (the machine's memory, or the container's limit).
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The most layers <c>study</c> and <c>train</c> build (each is a module with its own tensors and statistics).</summary>
    public const int MaxDepth = 10_000;

    /// <summary>Throws a usage error naming <paramref name="what"/> when <paramref name="bytes"/> exceed the memory available.</summary>
    public static void Check(double bytes, string what)
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available || double.IsNaN(bytes))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{what} needs about {Format(bytes)} of memory, more than the {Format(available)} available."));
        }
    }

    /// <summary>Throws a usage error when <paramref name="count"/> values do not fit in one .NET array.</summary>
    public static void CheckArray(double count, string what)
    {
        if (count > Array.MaxLength)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{what} has {count:0} values; one array holds at most {Array.MaxLength}."));
        }
    }

    private static string Format(double bytes) => bytes switch
    {
        >= 1L << 40 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 40):0.0} TiB"),
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.0} GiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):0.0} MiB"),
    };
}
