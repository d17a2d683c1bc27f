using System.Runtime.InteropServices;
using TfInit.Numerics;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Base of the seeded initializers, with Keras 3 seed semantics: an instance returns the same values on
/// every call; a null seed is replaced, once, by a random one when the instance is made, and
/// <see cref="Initializer.GetConfig"/> still reports null.
/// </summary>
public abstract class RandomInitializer : Initializer
{
    /// <summary>The largest seed: every stream (Philox and the NumPy MT19937) accepts 0 to 2^32 - 1.</summary>
    public const long MaxSeed = uint.MaxValue;

    private const int ParallelChunk = 1 << 16;

    // 32 KB of doubles: the float, Half and bfloat16 paths' staging buffer stays in L1/L2 between the draw and the rounding.
    private const int RoundingTile = 4096;

    // 32 MB of floats and more: far beyond a 2-core machine's caches, so the values are written past them (NarrowStreaming).
    private const int StreamingFill = 1 << 23;

    private delegate void ChunkFill<T>(Span<T> part, long offset);

    /// <summary>Checks and stores the seed.</summary>
    /// <param name="seed">0 to <see cref="MaxSeed"/>, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">The seed is outside 0 to <see cref="MaxSeed"/>.</exception>
    protected RandomInitializer(long? seed)
    {
        if (seed is < 0 or > MaxSeed)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed,
                $"The seed must be an integer from 0 to {MaxSeed} (2**32 - 1), or null for a random seed.");
        }

        Seed = seed;
        EffectiveSeed = seed ?? System.Random.Shared.NextInt64(0, MaxSeed + 1);
    }

    /// <summary>The seed as given (null when none was).</summary>
    public long? Seed { get; }

    /// <summary>The seed actually used: <see cref="Seed"/>, or the random one chosen when the instance was made.</summary>
    public long EffectiveSeed { get; }

    /// <summary>
    /// Whether element i depends only on (seed, i) on the default stream, so slices and threads can fill
    /// parts on their own. False for initializers that transform the whole draw (QR, permutations).
    /// </summary>
    protected virtual bool DrawsElementwise => true;

    /// <inheritdoc />
    public override bool FillsPartsAlone => DrawsElementwise;

    /// <summary>The same initializer with another seed (Keras's <c>clone_initializer</c> with the seed changed).</summary>
    /// <param name="seed">0 to <see cref="MaxSeed"/>, or null for a random seed fixed now.</param>
    /// <returns>A new instance of this class, equal to this one but for the seed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The seed is outside 0 to <see cref="MaxSeed"/>.</exception>
    public RandomInitializer WithSeed(long? seed) =>
        (RandomInitializer)WithConfig(new Dictionary<string, object?> { ["seed"] = seed });

    /// <summary>The seed entry that starts every random initializer's config.</summary>
    /// <returns>A one-entry list to start the config with.</returns>
    protected Dictionary<string, object?> SeedConfig() => new() { ["seed"] = Seed };

    /// <inheritdoc />
    protected sealed override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream)
    {
        if (stream is not null || !DrawsElementwise)
        {
            Draw(destination, shape, stream ?? new PhiloxStream(EffectiveSeed));
            return;
        }

        int[] shapeCopy = shape.ToArray();
        long length = Shape.LongElementCount(shape);
        ForEachChunk(destination, 0, (part, offset) => Draw(part, shapeCopy, new PhiloxStream(EffectiveSeed, offset, singlePrecision: false, length)));
    }

    /// <inheritdoc />
    protected sealed override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillNarrowed(destination, shape, stream);

    /// <inheritdoc />
    protected sealed override void FillCore(Span<Half> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillNarrowed(destination, shape, stream);

    /// <inheritdoc />
    protected sealed override void FillCore(Span<BFloat16> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillNarrowed(destination, shape, stream);

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        if (DrawsElementwise)
        {
            int[] shapeCopy = shape.ToArray();
            long length = Shape.LongElementCount(shape);
            ForEachChunk(destination, offset, (part, at) => Draw(part, shapeCopy, new PhiloxStream(EffectiveSeed, at, singlePrecision: false, length)));
        }
        else
        {
            base.FillSliceCore(destination, shape, offset);
        }
    }

    /// <inheritdoc />
    protected override void FillSliceCore(Span<float> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceNarrowed(destination, shape, offset);

    /// <inheritdoc />
    protected override void FillSliceCore(Span<Half> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceNarrowed(destination, shape, offset);

    /// <inheritdoc />
    protected override void FillSliceCore(Span<BFloat16> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceNarrowed(destination, shape, offset);

    /// <summary>
    /// A whole float, Half or bfloat16 fill. Element-wise draws on the Philox stream (the own one or one given) go by
    /// tiles (see <see cref="FillTiles"/>), and a given stream moves on past them as if it had drawn them; anything else
    /// is the whole double draw rounded (the NumPy stream rounds numpy's float64 values, as <c>astype(float32)</c> does).
    /// </summary>
    private void FillNarrowed<T>(Span<T> destination, ReadOnlySpan<int> shape, RandomStream? stream)
        where T : unmanaged
    {
        if (!DrawsElementwise || stream is not (null or PhiloxStream))
        {
            FillThroughDoubles(destination, shape, stream);
        }
        else if (stream is PhiloxStream philox)
        {
            FillTiles(destination, shape, philox.Seed, philox.Position);
            philox.Skip(destination.Length);
        }
        else
        {
            FillTiles(destination, shape, EffectiveSeed, 0);
        }
    }

    /// <summary>A float, Half or bfloat16 slice: tiles when element-wise, cut from the whole double fill otherwise.</summary>
    private void SliceNarrowed<T>(Span<T> destination, ReadOnlySpan<int> shape, long offset)
        where T : unmanaged
    {
        if (DrawsElementwise)
        {
            FillTiles(destination, shape, EffectiveSeed, offset);
        }
        else
        {
            SliceThroughDoubles(destination, shape, offset);
        }
    }

    /// <summary>
    /// Element-wise draws need no whole double copy of the tensor: each tile (elements <paramref name="first"/> on) goes
    /// through a double buffer that stays in cache, where the initializer's own arithmetic (scale, shift, cut-offs) runs
    /// as in a double fill, and is rounded. float and bfloat16 tiles draw the Philox stream's float layout, float16 tiles
    /// the double layout.
    /// </summary>
    private void FillTiles<T>(Span<T> destination, ReadOnlySpan<int> shape, long seed, long first)
        where T : unmanaged
    {
        int[] shapeCopy = shape.ToArray();

        // float16 keeps the double layout's draws, rounded once as numpy's astype(np.float16) does.
        bool singlePrecision = typeof(T) != typeof(Half);
        bool streaming = typeof(T) == typeof(float) && destination.Length >= StreamingFill;
        long length = Shape.LongElementCount(shape);
        ForEachChunk(destination, first, (part, offset) =>
        {
            Span<double> tile = stackalloc double[RoundingTile];
            for (int from = 0; from < part.Length; from += RoundingTile)
            {
                var values = tile[..Math.Min(RoundingTile, part.Length - from)];
                Draw(values, shapeCopy, new PhiloxStream(seed, offset + from, singlePrecision, length));
                if (streaming)
                {
                    Elementwise.NarrowStreaming(values, MemoryMarshal.Cast<T, float>(part.Slice(from, values.Length)));
                }
                else
                {
                    Round(values, part.Slice(from, values.Length));
                }
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="fill"/> on chunks of <paramref name="destination"/> (elements <paramref name="first"/> on of the
    /// tensor), in parallel when it is large. Each chunk opens its own Philox stream at its element index, so the values do not depend on the thread count. The first chunk runs
    /// on the caller's thread: Draw's argument checks (e.g. a rank the initializer refuses) then reach the caller as
    /// themselves, not wrapped in an AggregateException by Parallel.For.
    /// </summary>
    private static unsafe void ForEachChunk<T>(Span<T> destination, long first, ChunkFill<T> fill)
        where T : unmanaged
    {
        int count = destination.Length;
        if (count <= 4 * ParallelChunk)
        {
            fill(destination, first);
            return;
        }

        fill(destination[..ParallelChunk], first);
        fixed (T* start = destination)
        {
            nint address = (nint)start;
            try
            {
                Parallel.For(1, (count + ParallelChunk - 1) / ParallelChunk, Parallelism.Options, chunk =>
                {
                    int from = chunk * ParallelChunk;
                    fill(new Span<T>((T*)address + from, Math.Min(ParallelChunk, count - from)), first + from);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }
    }

    /// <summary>
    /// Draws the values from <paramref name="stream"/>. For element-wise initializers
    /// <paramref name="destination"/> may be a slice of the tensor; the shape is always the whole tensor's.
    /// </summary>
    /// <param name="destination">Where the values go, in draw order.</param>
    /// <param name="shape">The validated shape of the whole tensor.</param>
    /// <param name="stream">The stream to draw from.</param>
    protected abstract void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream);
}
