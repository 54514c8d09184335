package analysis

func (s *state) recommend() {}
