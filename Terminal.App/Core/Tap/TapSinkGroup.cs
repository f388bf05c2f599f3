namespace Terminal.Core.Tap
{
    /// <summary>
    /// Several sinks as one, in order (the outbox first, then the clerk's screen). Every member gets the check even
    /// when an earlier one fails; the first failure is then passed on, so the pipeline still counts it.
    /// </summary>
    public sealed class TapSinkGroup : ITapSink
    {
        private readonly ITapSink[] _members;

        public TapSinkGroup(ITapSink[] members)
        {
            _members = members;
        }

        public void OnCheck(TapReport report)
        {
            System.Exception failure = null;
            for (int i = 0; i < _members.Length; i++)
            {
                try
                {
                    _members[i].OnCheck(report);
                }
                catch (System.Exception e)
                {
                    if (failure == null)
                    {
                        failure = e;
                    }
                }
            }

            if (failure != null)
            {
                throw failure;
            }
        }
    }
}
