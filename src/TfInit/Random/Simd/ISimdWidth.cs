using System.Numerics;

namespace TfInit.Random.Simd;

/// <summary>
/// What TfInit's random kernels (Philox, Box-Muller, its logarithm and sine) need from a vector width: arithmetic,
/// bit operations, constants, reinterpretation, comparisons, blends and stores. The kernels are written once against
/// this; each width forwards to its own vector type (the runtime's common interface for them, ISimdVector, is internal,
/// and the reference assembly does not expose the generic-math operator interfaces they implement). Every operation is
/// the correctly rounded IEEE one, never fused, so every width gives the same bits lane by lane.
/// </summary>
/// <remarks>
/// Instance members of an empty struct, called on a <c>default(W)</c> local (one per method: a <c>default(W)</c> at every
/// call would lengthen the IL enough to run the JIT's inlining budget out early): ReadyToRun does not precompile a
/// method that inlines a call to a static abstract member, and the command's cold start depends on precompiled kernels.
/// </remarks>
/// <typeparam name="TDouble">The vector of doubles.</typeparam>
/// <typeparam name="TBits">The vector of 64-bit unsigned integers of the same width.</typeparam>
internal interface ISimdWidth<TDouble, TBits>
    where TDouble : struct
    where TBits : unmanaged
{
    /// <summary>a + b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The sum.</returns>
    TDouble Add(TDouble a, TDouble b);

    /// <summary>a - b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The difference.</returns>
    TDouble Subtract(TDouble a, TDouble b);

    /// <summary>a * b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The product.</returns>
    TDouble Multiply(TDouble a, TDouble b);

    /// <summary>a / b.</summary>
    /// <param name="a">Dividends.</param>
    /// <param name="b">Divisors.</param>
    /// <returns>The quotient.</returns>
    TDouble Divide(TDouble a, TDouble b);

    /// <summary>Bitwise a &amp; b of doubles (masks).</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TDouble And(TDouble a, TDouble b);

    /// <summary>Bitwise a | b of doubles (masks).</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TDouble Or(TDouble a, TDouble b);

    /// <summary>Bitwise a ^ b of doubles (sign flips).</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TDouble Xor(TDouble a, TDouble b);

    /// <summary>Bitwise ~a of doubles (masks).</summary>
    /// <param name="a">The lanes.</param>
    /// <returns>The bits.</returns>
    TDouble Not(TDouble a);

    /// <summary>Bitwise a &amp; b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TBits And(TBits a, TBits b);

    /// <summary>Bitwise a | b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TBits Or(TBits a, TBits b);

    /// <summary>Bitwise a ^ b.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The bits.</returns>
    TBits Xor(TBits a, TBits b);

    /// <summary>Integer a + b per lane.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The sum.</returns>
    TBits AddBits(TBits a, TBits b);

    /// <summary>a &lt;&lt; count per lane.</summary>
    /// <param name="a">The lanes.</param>
    /// <param name="count">0 to 63.</param>
    /// <returns>The shifted lanes.</returns>
    TBits ShiftLeft(TBits a, int count);

    /// <summary>a &gt;&gt;&gt; count per lane.</summary>
    /// <param name="a">The lanes.</param>
    /// <param name="count">0 to 63.</param>
    /// <returns>The shifted lanes.</returns>
    TBits ShiftRight(TBits a, int count);

    /// <summary>Whether every lane of <paramref name="a"/> is zero.</summary>
    /// <param name="a">The lanes.</param>
    /// <returns>True when all bits are clear.</returns>
    bool IsZero(TBits a);

    /// <summary>The number of lanes.</summary>
    int Count { get; }

    /// <summary>Lane l holds l.</summary>
    TBits Indices { get; }

    /// <summary>Every lane holds <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The vector.</returns>
    TDouble Create(double value);

    /// <summary>Every lane holds <paramref name="bits"/>.</summary>
    /// <param name="bits">The value.</param>
    /// <returns>The vector.</returns>
    TBits Create(ulong bits);

    /// <summary>Each lane's unsigned integer, below 2^52, as an exact double.</summary>
    /// <param name="integer">Values below 2^52.</param>
    /// <returns>The same values as doubles.</returns>
    TDouble ToDouble(TBits integer);

    /// <summary>
    /// The 53-bit uniform in [0, 1) of each lane's 64 random bits <c>high:low</c> (32 bits each):
    /// <c>((high &lt;&lt; 32 | low) &gt;&gt; 11) * 2^-53</c>, exact.
    /// </summary>
    /// <param name="high">The high 32 bits (in the low half of each lane).</param>
    /// <param name="low">The low 32 bits.</param>
    /// <returns>The uniforms.</returns>
    TDouble Unit(TBits high, TBits low);

    /// <summary>The same bits read as doubles.</summary>
    /// <param name="bits">The lanes.</param>
    /// <returns>The reinterpreted lanes.</returns>
    TDouble AsDouble(TBits bits);

    /// <summary>The same bits read as unsigned integers.</summary>
    /// <param name="values">The lanes.</param>
    /// <returns>The reinterpreted lanes.</returns>
    TBits AsBits(TDouble values);

    /// <summary>The full 64-bit products of the low 32 bits of each lane (vpmuludq); the high halves are ignored.</summary>
    /// <param name="a">Left factors.</param>
    /// <param name="b">Right factors.</param>
    /// <returns>The products.</returns>
    TBits MultiplyLow32(TBits a, TBits b);

    /// <summary>Lanes with equal bits become all ones, the others zero.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The mask.</returns>
    TBits EqualBits(TBits a, TBits b);

    /// <summary>The square root of each lane.</summary>
    /// <param name="values">The lanes.</param>
    /// <returns>sqrt per lane.</returns>
    TDouble Sqrt(TDouble values);

    /// <summary>Each lane rounded to the nearest integer, ties to even.</summary>
    /// <param name="values">The lanes.</param>
    /// <returns>The rounded lanes.</returns>
    TDouble Round(TDouble values);

    /// <summary>Lanes where a &lt; b become all ones, the others zero.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The mask.</returns>
    TDouble LessThan(TDouble a, TDouble b);

    /// <summary>Lanes where a &gt; b become all ones, the others zero.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The mask.</returns>
    TDouble GreaterThan(TDouble a, TDouble b);

    /// <summary>Per bit: <paramref name="mask"/> ? <paramref name="whenSet"/> : <paramref name="whenClear"/>.</summary>
    /// <param name="mask">The selector.</param>
    /// <param name="whenSet">Taken where the mask bit is 1.</param>
    /// <param name="whenClear">Taken where it is 0.</param>
    /// <returns>The blend.</returns>
    TDouble Select(TDouble mask, TDouble whenSet, TDouble whenClear);

    /// <summary>Bit l is the sign (top) bit of lane l.</summary>
    /// <param name="values">The lanes.</param>
    /// <returns>The mask.</returns>
    uint MostSignificantBits(TDouble values);

    /// <summary>Lane l holds <c>values[l]</c>.</summary>
    /// <param name="values">At least <see cref="Count"/> values.</param>
    /// <returns>The vector.</returns>
    TBits Load(ReadOnlySpan<ulong> values);

    /// <summary>Lane l holds <c>values[l]</c>.</summary>
    /// <param name="values">At least <see cref="Count"/> values.</param>
    /// <returns>The vector.</returns>
    TDouble Load(ReadOnlySpan<double> values);

    /// <summary>Writes lane l to <c>destination[l]</c>.</summary>
    /// <param name="values">The lanes.</param>
    /// <param name="destination">At least <see cref="Count"/> elements.</param>
    void Store(TDouble values, Span<double> destination);

    /// <summary>
    /// Writes the two values of Philox blocks e .. e + Count - 1 of a chunk in the group layout: block k's
    /// <paramref name="first"/> value to <c>chunk[8 (k / 4) + k % 4]</c>, its <paramref name="second"/> four places later.
    /// </summary>
    /// <param name="first">Each block's value from its first 64 bits.</param>
    /// <param name="second">Each block's value from its last 64 bits.</param>
    /// <param name="chunk">The chunk's elements (8 per four blocks).</param>
    /// <param name="e">The first block's index in the chunk: 0, or for two-lane vectors 0 and 2.</param>
    void StoreGroups(TDouble first, TDouble second, Span<double> chunk, int e);

    /// <summary>
    /// Writes the low 32 bits of the lanes in the float layout's group order: per group of four lanes, the four words of
    /// <paramref name="first"/>, then the four of <paramref name="second"/>; with two lanes, the two of each in turn.
    /// </summary>
    /// <param name="first">One word of each block.</param>
    /// <param name="second">Another word of each block.</param>
    /// <param name="destination">At least 2 <see cref="Count"/> words.</param>
    void StoreGrouped(TBits first, TBits second, Span<uint> destination);

    /// <summary>
    /// The single-precision Box-Muller pairs (see <see cref="SingleMath.BoxMuller"/>) of words (x0, x2) and of words
    /// (x1, x3), lane by lane, widened: the float layout's truncated-redraw candidates. Given words 0 to 3 of one block
    /// per lane, these are the block's four candidates in the order they are tried; given word 0 of two batches' blocks
    /// and then word 2 of both, the first two candidates of each batch.
    /// </summary>
    /// <param name="x0">The first pair's u1 words.</param>
    /// <param name="x1">The second pair's u1 words.</param>
    /// <param name="x2">The first pair's u2 words.</param>
    /// <param name="x3">The second pair's u2 words.</param>
    /// <returns>The cosine and sine of the first pair, then of the second.</returns>
    (TDouble First, TDouble Second, TDouble Third, TDouble Fourth) SingleNormals(TBits x0, TBits x1, TBits x2, TBits x3);
}
