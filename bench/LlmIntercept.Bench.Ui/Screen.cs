namespace LlmIntercept.Bench.Ui;

/// <summary>
/// One screen of the SPA: the hash route that opens it (per iteration) and a browser-side check that its data
/// is on screen. <see cref="Ready"/> is the body of a function over <c>$</c> and <c>$$</c> (querySelector and
/// querySelectorAll) returning nothing while the screen is loading, <c>{ shown }</c> (a short description of
/// what it shows) once its data is there, or <c>{ failed }</c> when it shows an error or no rows instead.
/// </summary>
internal sealed record Screen(string Name, Func<int, string> Route, string Ready)
{
    /// <summary>Opened as a new document (a bookmark, a reload) rather than by the SPA's own navigation.</summary>
    public bool Reload { get; init; }
}
