using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// Gives each call exactly one outcome. The order matters: what happened on the wire first, then what the
/// upstream said about the reply.
/// </summary>
internal static class OutcomeClassifier
{
    public static string Classify(CapturedExchange exchange, CapturedResponse response)
    {
        if (exchange.Failure is TransportFailure.UpstreamUnreachable or TransportFailure.UpstreamTimeout)
        {
            return RequestOutcome.UpstreamUnreachable;
        }

        // The client left before the upstream answered: there is no status to call an upstream error.
        if (exchange.Failure == TransportFailure.ClientAborted && exchange.StatusCode is null)
        {
            return RequestOutcome.ClientAborted;
        }

        if (exchange.StatusCode is not (>= 200 and < 300))
        {
            return RequestOutcome.UpstreamError;
        }

        if (exchange.Failure == TransportFailure.ClientAborted && !response.DoneReceived)
        {
            return RequestOutcome.ClientAborted;
        }

        if (response.ErrorJson is not null
            || exchange.Failure is TransportFailure.UpstreamReset or TransportFailure.UpstreamStalled)
        {
            return RequestOutcome.StreamError;
        }

        if (!response.Parsed)
        {
            return RequestOutcome.UpstreamError;
        }

        return ClassifyChoices(response);
    }

    private static string ClassifyChoices(CapturedResponse response)
    {
        if (response.Choices.Count == 0)
        {
            return RequestOutcome.Truncated;
        }

        var outcome = RequestOutcome.Complete;
        foreach (var choice in response.Choices.Values)
        {
            var choiceOutcome = choice.FinishReason switch
            {
                null or "length" => RequestOutcome.Truncated,
                "content_filter" => RequestOutcome.Filtered,
                "error" => RequestOutcome.StreamError,
                _ when choice.Message.Refusal is not null => RequestOutcome.Refusal,
                _ => RequestOutcome.Complete,
            };
            if (Severity(choiceOutcome) > Severity(outcome))
            {
                outcome = choiceOutcome;
            }
        }

        return outcome;
    }

    private static int Severity(string outcome) => outcome switch
    {
        RequestOutcome.Complete => 0,
        RequestOutcome.Refusal => 1,
        RequestOutcome.Filtered => 2,
        RequestOutcome.Truncated => 3,
        _ => 4,
    };
}
