namespace LlmIntercept.Store.Queries;

/// <summary>How SQLite joins the full-text matches of a search to the rows. PostgreSQL ignores it.</summary>
public enum SearchPlan
{
    /// <summary>Look each match up by id, then sort them: cheap when the matches are few.</summary>
    LookUpMatches,

    /// <summary>
    /// Walk the rows in the order the query asks for and keep those matched, stopping when a page is full: cheap
    /// when the matches are many, since a page then fills after a few of them.
    /// </summary>
    ScanRows,
}
