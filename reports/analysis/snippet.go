package analysis

func (s *state) snippet() {}
